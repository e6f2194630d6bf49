"""Every user-facing string, in English and Simplified Chinese, under one key; message() fills in runtime values.

Plain dictionaries: the UI wraps them in gr.I18n for labels, and the core never needs them (it raises
PlaygroundError with a key). A test fails when a key is missing in either language.
"""
from __future__ import annotations

LANGUAGES = ("en", "zh-CN")

EN: dict[str, str] = {
    # App
    "app_title": "Neural-network playground",
    "app_intro": "Pick any classic architecture, or any timm / torchvision model, and see what every layer does "
                 "to the shape of the data, what it costs in parameters and compute, and how far each unit sees.",
    "tab_architecture": "Architecture",

    # Architecture tab: inputs
    "group_label": "Family",
    "group_mlp": "MLP",
    "group_cnn": "CNN",
    "group_rnn": "RNN / seq2seq",
    "group_transformer": "Transformer",
    "group_timm": "timm catalog",
    "group_torchvision": "torchvision catalog",
    "model_label": "Model",
    "model_info": "Type to search. Catalog models are built with random weights; nothing is downloaded.",
    "shape_label": "Input shape (without the batch)",
    "shape_info": "Images: channels x height x width, e.g. 3x224x224. Sequences: the length (token models) or "
                  "length x features; encoder-decoders: source length x target length.",
    "inspect_button": "Inspect",
    "depth_label": "Table depth",
    "depth_info": "0 shows the whole model only; 1 its top-level parts; the largest value every module.",
    "log_label": "Logarithmic axis",

    # Architecture tab: outputs
    "summary_label": "Summary",
    "totals_label": "Totals (JSON, as returned by the API)",
    "subtab_inspector": "Model inspector",
    "subtab_totals": "Totals (JSON)",
    "subtab_table": "Layer table",
    "subtab_charts": "Charts",
    "subtab_source": "PyTorch source",
    "table_label": "Layers, in the order they run",
    "table_legend": "**Columns.** *input / output shape* include the batch; *params* counts the weights inside the "
                    "module, a shared tensor once; *MACs* are multiply-adds over all calls (FLOPs = 2 x MACs); "
                    "*calls* is how often the module ran (a recurrent cell runs once per step); *output KB* is the "
                    "memory of its outputs in float32. For image models, *receptive field* is the size in input "
                    "pixels of the region one output unit sees, *jump* the distance in input pixels between two "
                    "neighbouring units, and *start* the centre of the first unit's region (pixel centres are 0, 1, "
                    "2, ...); *global* means every unit sees the whole input. Normalisation statistics and "
                    "channel-attention scales are not counted in the receptive field.",
    "profile_label": "Parameters and output size of every leaf layer",
    "diagram_label": "Block diagram: top-level stages and their output shapes",
    "source_label": "Source of the registry model (random weights; copy it to train on your own machine)",
    "source_catalog": "# Catalog models come from their library; build this one with:\n{code}\n",

    # Model card
    "card_paper": "Paper",
    "card_default_input": "Default input",
    "card_teaching": "Teaching size: trains in seconds on a CPU.",
    "card_catalog": "Built with random weights from the library's own code; nothing is downloaded.",
    "card_note": "How this differs",
    "card_kind_image": "image (channels x height x width)",
    "card_kind_vector": "vector (features)",
    "card_kind_series": "series (steps x features)",
    "card_kind_tokens": "token ids (sequence length)",
    "card_kind_token_pair": "token ids for encoder and decoder (source length x target length)",

    # Summary
    "sum_params": "Parameters",
    "sum_trainable": "trainable",
    "sum_macs": "Multiply-adds",
    "sum_flops": "FLOPs",
    "sum_weights": "Weights",
    "sum_activations": "Activations",
    "sum_activations_hint": "outputs of every leaf layer, one forward pass",
    "sum_output": "Output shape",
    "sum_rf": "Largest receptive field",
    "sum_layers": "Layers with weights",
    "sum_time": "Inspected in {seconds} s on the {device} device.",
    "sum_device_meta": "meta (shapes only, no weights in memory)",
    "sum_device_cpu": "CPU (this model reads tensor values, so it ran for real)",

    # Charts
    "chart_layer": "layer (in execution order)",
    "chart_params": "parameters",
    "chart_outputs": "output elements",
    "chart_empty": "Nothing to draw yet: inspect a model first.",

    # Convolution arithmetic
    "conv_heading": "Convolution arithmetic",
    "conv_intro": "One axis of a convolution or pooling window. The notes' formula is "
                  "out = (n - k + 2p) / s + 1; with dilation d the kernel spans d(k - 1) + 1 pixels and PyTorch "
                  "rounds down: out = floor((n + 2p - d(k - 1) - 1) / s) + 1.",
    "conv_size": "Input size n",
    "conv_kernel": "Kernel k",
    "conv_stride": "Stride s",
    "conv_padding": "Padding p",
    "conv_dilation": "Dilation d",
    "conv_position": "Output position (row-major)",
    "conv_plot_label": "The window on the padded input (left) and the output it produces (right)",
    "conv_result": "floor(({n} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1 = **{out}**: {n}×{n} inputs give "
                   "**{out}×{out}** outputs.",
    "conv_exact": "The windows fit exactly: the last one ends at the padded edge.",
    "conv_skipped": "The division is not exact: the last {r} padded row(s) are never covered by a window.",
    "conv_legend_input": "input",
    "conv_legend_padding": "padding",
    "conv_legend_window": "window",
    "conv_legend_window_padding": "window over padding",
    "conv_legend_output": "output",

    # Worked comparisons
    "compare_heading": "Two worked comparisons from the notes",
    "compare_bottleneck_title": "ResNet's bottleneck vs two 3x3 convolutions",
    "compare_bottleneck_intro": "A bottleneck block cuts the channels with a 1x1 convolution, runs the 3x3 "
                                "convolution on the narrow tensor, and restores the channels with another 1x1. "
                                "Weights only (no biases), as in the notes.",
    "compare_stack_title": "Stacked small kernels vs one large kernel",
    "compare_stack_intro": "n stacked k×k convolutions see a 1 + n(k − 1) pixel square, the same as one large "
                           "kernel, with fewer weights and n non-linearities instead of one.",
    "compare_channels": "Channels C",
    "compare_layers": "Stacked layers n",
    "compare_kernel": "Small kernel k",
    "compare_size": "Feature map size (for multiply-adds)",
    "cmp_design": "Design",
    "cmp_layers": "Convolutions",
    "cmp_params": "Weights",
    "cmp_macs": "Multiply-adds",
    "cmp_rf": "Receptive field",
    "cmp_nonlin": "Non-linearities",
    "cmp_bottleneck": "Bottleneck 1x1 → 3x3 → 1x1",
    "cmp_two_3x3": "Two 3x3 convolutions",
    "cmp_stack": "{n} stacked {k}x{k}",
    "cmp_single": "One {b}x{b}",
    "cmp_ratio": "The second design needs **{ratio}×** the weights of the first.",

    # Errors
    "error_title": "Input problem",
    "unknown_model": "There is no model called '{model}'. Pick one from the list, or type a registry key, "
                     "'timm/<name>' or 'torchvision/<name>'.",
    "bad_shape": "'{text}' is not a shape. Write whole numbers separated by x, for example {example}.",
    "wrong_rank": "'{text}' has the wrong number of dimensions: this model takes {expected} (without the batch), "
                  "for example {example}.",
    "nonpositive_shape": "Every dimension of '{text}' must be at least 1, for example {example}.",
    "too_long": "A sequence of {length} steps is longer than the playground allows ({limit}).",
    "too_much_memory": "This input would need about {need_mb} MB of activations, more than the {limit_mb} MB this "
                       "playground allows. Try a smaller input.",
    "input_too_small": "The input is too small for {model}: the feature map has shrunk to nothing at layer "
                       "'{layer}' ({kind}), whose input is {shape}. Use a larger input. (PyTorch: {detail})",
    "shape_mismatch": "{model} cannot take this input: layer '{layer}' ({kind}) failed on an input of {shape}. "
                      "(PyTorch: {detail})",
    "cannot_build": "{model} could not be built for inspection. (Detail: {detail})",
    "not_whole_number": "Every setting must be a whole number.",
    "conv_out_of_range": "Sizes, kernels, strides and dilations must be between 1 and {limit}; padding between 0 "
                         "and {limit}.",
    "conv_kernel_too_big": "The kernel spans {span} pixels but the padded input is only {padded}: add padding or "
                           "shrink the kernel.",
    "compare_bad_channels": "Use a channel count of at least {reduction} that is divisible by {reduction} "
                            "(and at most 4096); {channels} does not work.",
    "compare_bad_stack": "Use 1 to 4096 channels, 1 to 16 layers and a kernel of 3, 5 or 7.",
    "internal_error": "Something went wrong on our side ({detail}). The app keeps running; please try again.",
}

ZH: dict[str, str] = {
    "app_title": "神经网络游乐场",
    "app_intro": "选择任意一个经典网络结构，或任意 timm / torchvision 模型，查看每一层如何改变数据的形状、"
                 "需要多少参数和计算量，以及每个单元能看到多大的范围。",
    "tab_architecture": "网络结构",

    "group_label": "类别",
    "group_mlp": "多层感知机",
    "group_cnn": "卷积网络",
    "group_rnn": "循环网络 / seq2seq",
    "group_transformer": "Transformer",
    "group_timm": "timm 模型库",
    "group_torchvision": "torchvision 模型库",
    "model_label": "模型",
    "model_info": "可输入关键字搜索。模型库中的模型使用随机权重构建，不下载任何文件。",
    "shape_label": "输入形状（不含批次维）",
    "shape_info": "图像：通道 x 高 x 宽，例如 3x224x224。序列：长度（词元模型）或 长度 x 特征数；"
                  "编码器-解码器：源序列长度 x 目标序列长度。",
    "inspect_button": "分析",
    "depth_label": "表格深度",
    "depth_info": "0 只显示整个模型；1 显示其顶层各部分；取最大值时显示所有模块。",
    "log_label": "对数坐标",

    "summary_label": "概要",
    "totals_label": "汇总（JSON，与 API 返回的内容相同）",
    "subtab_inspector": "模型分析",
    "subtab_totals": "汇总（JSON）",
    "subtab_table": "逐层表格",
    "subtab_charts": "图表",
    "subtab_source": "PyTorch 源码",
    "table_label": "各层（按执行顺序）",
    "table_legend": "**各列说明。** *输入 / 输出形状* 含批次维；*params* 为该模块内的权重数量，共享的张量只计一次；"
                    "*MACs* 为所有调用中的乘加次数（FLOPs = 2 x MACs）；*calls* 为该模块运行的次数（循环单元每个"
                    "时间步运行一次）；*output KB* 为其输出在 float32 下占用的内存。对于图像模型，*receptive field* "
                    "（感受野）是一个输出单元在输入图像上看到的区域边长（像素），*jump*（跳跃）是相邻两个单元在输入上"
                    "相隔的像素数，*start*（起点）是第一个单元感受野的中心（像素中心依次为 0、1、2……）；*global* "
                    "表示每个单元都能看到整张输入。归一化的统计量和通道注意力的缩放系数不计入感受野。",
    "profile_label": "每个叶子层的参数量与输出大小",
    "diagram_label": "结构框图：顶层各阶段及其输出形状",
    "source_label": "注册表模型的源码（随机权重；可复制到自己的机器上训练）",
    "source_catalog": "# 模型库中的模型来自其所属的库；可以这样构建：\n{code}\n",

    "card_paper": "论文",
    "card_default_input": "默认输入",
    "card_teaching": "教学规模：在 CPU 上几秒即可训练。",
    "card_catalog": "使用库自身的代码以随机权重构建，不下载任何文件。",
    "card_note": "与其他实现的区别",
    "card_kind_image": "图像（通道 x 高 x 宽）",
    "card_kind_vector": "向量（特征）",
    "card_kind_series": "序列（步数 x 特征）",
    "card_kind_tokens": "词元编号（序列长度）",
    "card_kind_token_pair": "编码器与解码器的词元编号（源序列长度 x 目标序列长度）",

    "sum_params": "参数量",
    "sum_trainable": "可训练",
    "sum_macs": "乘加次数",
    "sum_flops": "浮点运算数",
    "sum_weights": "权重",
    "sum_activations": "激活",
    "sum_activations_hint": "一次前向传播中所有叶子层的输出",
    "sum_output": "输出形状",
    "sum_rf": "最大感受野",
    "sum_layers": "含权重的层",
    "sum_time": "分析用时 {seconds} 秒，运行设备：{device}。",
    "sum_device_meta": "meta（只计算形状，不占用权重内存）",
    "sum_device_cpu": "CPU（该模型会读取张量的数值，因此实际运行了一次）",

    "chart_layer": "层（按执行顺序）",
    "chart_params": "参数量",
    "chart_outputs": "输出元素数",
    "chart_empty": "暂无内容：请先分析一个模型。",

    "conv_heading": "卷积计算器",
    "conv_intro": "卷积或池化窗口在一个方向上的计算。笔记中的公式为 out = (n - k + 2p) / s + 1；若膨胀系数为 d，"
                  "卷积核覆盖 d(k - 1) + 1 个像素，PyTorch 向下取整：out = floor((n + 2p - d(k - 1) - 1) / s) + 1。",
    "conv_size": "输入尺寸 n",
    "conv_kernel": "卷积核 k",
    "conv_stride": "步长 s",
    "conv_padding": "填充 p",
    "conv_dilation": "膨胀 d",
    "conv_position": "输出位置（按行排列）",
    "conv_plot_label": "窗口在填充后输入上的位置（左）及其产生的输出（右）",
    "conv_result": "floor(({n} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1 = **{out}**，即 {n}×{n} 的输入得到 "
                   "**{out}×{out}** 的输出。",
    "conv_exact": "窗口恰好铺满：最后一个窗口正好停在填充后的边缘。",
    "conv_skipped": "除法不能整除：填充后最后 {r} 行（列）没有被任何窗口覆盖。",
    "conv_legend_input": "输入",
    "conv_legend_padding": "填充",
    "conv_legend_window": "窗口",
    "conv_legend_window_padding": "窗口（落在填充上）",
    "conv_legend_output": "输出",

    "compare_heading": "笔记中的两个计算实例",
    "compare_bottleneck_title": "ResNet 瓶颈块 与 两个 3x3 卷积",
    "compare_bottleneck_intro": "瓶颈块先用 1x1 卷积减少通道，在较窄的张量上做 3x3 卷积，再用 1x1 卷积恢复通道数。"
                                "与笔记一致，只计权重（不含偏置）。",
    "compare_stack_title": "堆叠小卷积核 与 一个大卷积核",
    "compare_stack_intro": "n 个堆叠的 k×k 卷积能看到 1 + n(k − 1) 像素见方的区域，与一个大卷积核相同，"
                           "但权重更少，非线性也从一个变为 n 个。",
    "compare_channels": "通道数 C",
    "compare_layers": "堆叠层数 n",
    "compare_kernel": "小卷积核 k",
    "compare_size": "特征图尺寸（用于计算乘加次数）",
    "cmp_design": "结构",
    "cmp_layers": "卷积层",
    "cmp_params": "权重数",
    "cmp_macs": "乘加次数",
    "cmp_rf": "感受野",
    "cmp_nonlin": "非线性层",
    "cmp_bottleneck": "瓶颈块 1x1 → 3x3 → 1x1",
    "cmp_two_3x3": "两个 3x3 卷积",
    "cmp_stack": "{n} 个堆叠的 {k}x{k}",
    "cmp_single": "一个 {b}x{b}",
    "cmp_ratio": "第二种结构的权重数是第一种的 **{ratio} 倍**。",

    "error_title": "输入有误",
    "unknown_model": "没有名为 “{model}” 的模型。请从列表中选择，或输入注册表中的名称、“timm/<名称>” 或 "
                     "“torchvision/<名称>”。",
    "bad_shape": "“{text}” 不是有效的形状。请用 x 分隔整数，例如 {example}。",
    "wrong_rank": "“{text}” 的维数不对：该模型需要 {expected} 个维度（不含批次维），例如 {example}。",
    "nonpositive_shape": "“{text}” 的每个维度都必须至少为 1，例如 {example}。",
    "too_long": "长度为 {length} 的序列超过了本应用允许的上限（{limit}）。",
    "too_much_memory": "这个输入大约需要 {need_mb} MB 的激活内存，超过了本应用允许的 {limit_mb} MB。请换一个更小的输入。",
    "input_too_small": "输入对 {model} 来说太小：特征图在 “{layer}” 层（{kind}）处缩小到了零，该层的输入为 {shape}。"
                       "请使用更大的输入。（PyTorch：{detail}）",
    "shape_mismatch": "{model} 无法接受这个输入：“{layer}” 层（{kind}）在输入为 {shape} 时出错。（PyTorch：{detail}）",
    "cannot_build": "无法为分析构建 {model}。（详情：{detail}）",
    "not_whole_number": "每个设置都必须是整数。",
    "conv_out_of_range": "尺寸、卷积核、步长和膨胀必须在 1 到 {limit} 之间；填充在 0 到 {limit} 之间。",
    "conv_kernel_too_big": "卷积核覆盖 {span} 个像素，但填充后的输入只有 {padded} 个：请增加填充或缩小卷积核。",
    "compare_bad_channels": "通道数至少为 {reduction}、能被 {reduction} 整除且不超过 4096；{channels} 不满足要求。",
    "compare_bad_stack": "请使用 1 到 4096 个通道、1 到 16 层，卷积核为 3、5 或 7。",
    "internal_error": "程序内部出错（{detail}）。应用仍在运行，请再试一次。",
}

TEXT: dict[str, dict[str, str]] = {"en": EN, "zh-CN": ZH}


def language_from_header(accept_language: str | None) -> str:
    """'zh-CN,zh;q=0.9,en;q=0.8' -> 'zh-CN'; anything not Chinese -> 'en'."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "zh-CN" if first.startswith("zh") else "en"


def message(key: str, lang: str = "en", **params) -> str:
    """The text for `key` in `lang` (falling back to English), with {placeholders} filled in."""
    template = TEXT.get(lang, EN).get(key) or EN.get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
