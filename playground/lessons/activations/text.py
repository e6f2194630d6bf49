"""The activations lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_activations": ("Activation functions", "激活函数"),
    "activations_activations": ("Functions", "函数"),
    "activations_alpha": ("Leaky ReLU's α", "Leaky ReLU 的 α"),
    "activations_alpha_info": ("The slope for x < 0.", "x < 0 时的斜率。"),
    "activations_act_plot": ("The functions (left) and their derivatives (right)", "函数（左）及其导数（右）"),
    "activations_stack_intro": (
        "**Why a nonlinearity?** A stack of linear layers is still one linear function, however deep: below, a 1-D "
        "input goes through random layers with and without a nonlinearity between them.",
        "**为什么需要非线性？** 无论叠多少层，线性层的堆叠仍然只是一个线性函数："
        "下面把一维输入送进随机初始化的各层，比较层间有无非线性的结果。"),
    "activations_depth": ("Layers", "层数"),
    "activations_stack_plot": ("The same random layers, with and without a nonlinearity", "同样的随机层，有无非线性"),
    "activations_act_sigmoid": ("Sigmoid", "Sigmoid"),
    "activations_act_tanh": ("Tanh", "Tanh"),
    "activations_act_relu": ("ReLU", "ReLU"),
    "activations_act_leaky_relu": ("Leaky ReLU", "Leaky ReLU"),
    "activations_act_gelu": ("GELU", "GELU"),
    "activations_act_silu": ("SiLU (Swish)", "SiLU（Swish）"),
    "activations_prop_name": ("function", "函数"),
    "activations_prop_formula": ("formula", "表达式"),
    "activations_prop_slope": ("derivative", "导数"),
    "activations_prop_range": ("range", "值域"),
    "activations_prop_monotonic": ("monotonic", "单调性"),
    "activations_prop_zero_centred": ("symmetric about 0", "关于原点对称"),
    "activations_prop_smooth": ("smooth", "光滑"),
    "activations_prop_vanishes": ("gradient vanishes", "梯度消失"),
    "activations_prop_max_slope": ("largest slope", "最大斜率"),
    "activations_yes": ("yes", "是"),
    "activations_no": ("no", "否"),
    "activations_mono_increasing": ("increasing", "单调递增"),
    "activations_mono_non_decreasing": ("never decreasing", "单调不减"),
    "activations_mono_no": ("no (dips below 0)", "否（会降到 0 以下）"),
    "activations_vanish_both_tails": ("for large |x|, both sides", "|x| 很大时，两侧都会"),
    "activations_vanish_negative": ("for every x < 0 (dead units)", "所有 x < 0（神经元死亡）"),
    "activations_vanish_negative_tail": ("far on the negative side", "负方向很远处"),
    "activations_vanish_never": ("never (α > 0)", "不会（α > 0）"),
    "activations_fig_function": ("function", "函数"),
    "activations_fig_derivative": ("derivative", "导数"),
    "activations_fig_none": ("no nonlinearity", "无非线性"),
    "activations_fig_input": ("input", "输入"),
    "activations_fig_output": ("output", "输出"),
    "activations_bad_activation": ("Unknown activation function '{name}'.", "未知的激活函数 “{name}”。"),
    "activations_bad_alpha": (
        "α must be between 0 and {limit} (got {alpha}).",
        "α 须在 0 到 {limit} 之间（收到 {alpha}）。"),
    "activations_bad_depth": (
        "Use between 1 and {limit} layers (got {depth}).",
        "层数须在 1 到 {limit} 之间（收到 {depth}）。"),
    "activations_no_activation": ("Choose at least one function.", "请至少选择一个函数。"),
    "activations_differs_relu": (
        "**Where the notes differ.** Note `003_…` (its table of activation functions) gives ReLU the range (0, +∞) "
        "and calls it \"piecewise, continuously differentiable\". ReLU(x) = max(0, x) is 0 for every x ≤ 0, so 0 "
        "is one of its values: the range is [0, +∞), as the table above says. And ReLU has no derivative at 0: its "
        "slope is 0 just left of 0 and 1 just right of it. PyTorch's autograd takes 0 there (the note's own "
        "ReLU′(x) = 0 for x ≤ 0 agrees), and for Leaky ReLU it takes α at 0, where the note writes 1. Sources: the "
        "PyTorch documentation of `torch.nn.ReLU`; Goodfellow, Bengio and Courville, *Deep Learning* (2016), "
        "section 6.3.",
        "**与笔记不同之处。** 笔记 `003_…` 的激活函数表把 ReLU 的值域写成 (0, +∞)，并说它“分段，连续可导”。"
        "ReLU(x) = max(0, x) 在所有 x ≤ 0 处都等于 0，所以 0 是它能取到的值：值域是 [0, +∞)，和上表一致。"
        "而且 ReLU 在 0 处不可导：0 左侧的斜率是 0，右侧是 1。PyTorch 的自动求导在这一点取 0"
        "（与笔记自己写的 x ≤ 0 时 ReLU′(x) = 0 一致）；对 Leaky ReLU，PyTorch 在 0 处取 α，而笔记写的是 1。"
        "出处：PyTorch 文档中的 `torch.nn.ReLU`；Goodfellow、Bengio 与 Courville 的《深度学习》（2016）第 6.3 节。"),
}
