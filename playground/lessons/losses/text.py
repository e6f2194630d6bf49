"""The losses lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_losses": ("Losses and softmax", "损失函数与 softmax"),
    "losses_target": ("Target", "目标值"),
    "losses_target_info": (
        "The true value (regression) or the true label's probability (classification), from 0 to 1.",
        "真实值（回归）或真实类别的概率（分类），取 0 到 1。"),
    "losses_loss_plot": ("Each loss as the prediction moves", "预测值变化时各损失函数的取值"),
    "losses_loss_mse": ("MSE", "均方误差 MSE"),
    "losses_loss_mae": ("MAE", "平均绝对误差 MAE"),
    "losses_loss_cross_entropy": ("cross-entropy", "交叉熵"),
    "losses_loss_bce": ("binary cross-entropy", "二元交叉熵"),
    "losses_softmax_intro": (
        "**Softmax** turns scores into probabilities: p_i = exp(z_i / T) / Σ_j exp(z_j / T). The temperature T "
        "sharpens (T < 1) or flattens (T > 1) the result.",
        "**Softmax** 把得分变成概率：p_i = exp(z_i / T) / Σ_j exp(z_j / T)。温度 T 小于 1 时结果更尖锐，大于 1 "
        "时更平坦。"),
    "losses_logits": ("Scores (logits)", "得分（logits）"),
    "losses_logits_info": (
        "2 to 12 numbers separated by commas. Press Enter.",
        "2 到 12 个数，用逗号分隔。按回车确认。"),
    "losses_temperature": ("Temperature T", "温度 T"),
    "losses_temperature_info": ("1 is plain softmax.", "取 1 即普通的 softmax。"),
    "losses_softmax_text": ("At T = {t}: {probs}.", "T = {t} 时：{probs}。"),
    "losses_softmax_plot": ("Probabilities (faint: at T = 1)", "概率（浅色：T = 1 时）"),
    "losses_fig_regression": ("regression", "回归"),
    "losses_fig_classification": ("classification", "分类"),
    "losses_fig_prediction": ("prediction", "预测值"),
    "losses_fig_probability": ("probability", "概率"),
    "losses_fig_target": ("target", "目标"),
    "losses_fig_class": ("class", "类别"),
    "losses_fig_logit": ("score", "得分"),
    "losses_fig_temperature": ("temperature", "温度"),
    "losses_fig_loss": ("loss", "损失"),
    "losses_bad_target": (
        "The target must be between {low} and {high} (got {target}).",
        "目标值须在 {low} 到 {high} 之间（收到 {target}）。"),
    "losses_bad_temperature": (
        "The temperature must be above 0 and at most {limit} (got {t}).",
        "温度须大于 0 且不超过 {limit}（收到 {t}）。"),
    "losses_bad_logits": (
        "Type between 2 and {limit} numbers separated by commas, e.g. 3, 1, -1.",
        "请输入 2 到 {limit} 个用逗号分隔的数，例如 3, 1, -1。"),
    "losses_differs_mse": (
        "**Where the notes differ.** Note `003_…` (its table of loss functions) writes MSE as "
        "J = 1/(2n) Σᵢ (yᵢ − ŷᵢ)². PyTorch's `nn.MSELoss` (reduction='mean', its default) is the plain mean, "
        "1/n Σᵢ (yᵢ − ŷᵢ)², which the left panel draws: a prediction 0.3 away from its target costs 0.09, not the "
        "note's 0.045. The ½ is a textbook convention: the derivative of ½ (ŷ − y)² is just ŷ − y, the 2 of the "
        "square cancelled. It halves every gradient, as halving the learning rate would, and moves no minimum. "
        "Source: the PyTorch documentation of `torch.nn.MSELoss`.",
        "**与笔记不同之处。** 笔记 `003_…` 的损失函数表把 MSE 写成 J = 1/(2n) Σᵢ (yᵢ − ŷᵢ)²。PyTorch 的 "
        "`nn.MSELoss`（默认 `reduction='mean'`）就是普通的平均值 1/n Σᵢ (yᵢ − ŷᵢ)²，也就是左图画的曲线："
        "预测值偏离目标 0.3 时损失是 0.09，而不是笔记公式给出的 0.045。那个 ½ 是教科书里的惯例："
        "½ (ŷ − y)² 的导数正好是 ŷ − y，平方带来的 2 被约掉了。它让每个梯度减半，效果等同于学习率减半，"
        "不会改变最小值的位置。出处：PyTorch 文档中的 `torch.nn.MSELoss`。"),
    "losses_differs_cross_entropy": (
        "**Where the notes differ.** Note `003_…` writes cross-entropy as H = −(1/n) Σᵢ yᵢ log ŷᵢ, one sum for "
        "both the classes and the examples. For one example the sum runs over the classes, −Σₖ yₖ log ŷₖ (as note "
        "`004_…` writes it, e = −Σᵢ ŷᵢ ln y′ᵢ); a batch of n examples takes the mean of those, "
        "−(1/n) Σᵢ Σₖ yᵢₖ log ŷᵢₖ, which is PyTorch's `nn.CrossEntropyLoss` with reduction='mean'. Note `004_…` also "
        "says that with cross-entropy PyTorch adds softmax to the network's last layer. It does not: "
        "`nn.CrossEntropyLoss` takes the raw logits and applies log-softmax inside the loss. The network has no "
        "softmax layer, so its outputs stay logits (apply softmax yourself to read probabilities), and a softmax "
        "put before the loss would be applied twice. Source: the PyTorch documentation of "
        "`torch.nn.CrossEntropyLoss`.",
        "**与笔记不同之处。** 笔记 `003_…` 把交叉熵写成 H = −(1/n) Σᵢ yᵢ log ŷᵢ，用同一个求和同时遍历类别和样本。"
        "对单个样本，求和遍历的是类别：−Σₖ yₖ log ŷₖ（笔记 `004_…` 的 e = −Σᵢ ŷᵢ ln y′ᵢ 正是这样写的）；"
        "n 个样本的批次再对它们取平均：−(1/n) Σᵢ Σₖ yᵢₖ log ŷᵢₖ，这就是 PyTorch 中 `reduction='mean'` 的 "
        "`nn.CrossEntropyLoss`。笔记 `004_…` 还说，用了交叉熵，PyTorch 会自动在网络最后一层加上 softmax。"
        "并非如此：`nn.CrossEntropyLoss` 接收原始的 logits，在损失内部做 log-softmax。网络本身没有 softmax 层，"
        "输出仍是 logits（要看概率需自己再做 softmax）；若在损失之前再加一层 softmax，softmax 就会被做两次。"
        "出处：PyTorch 文档中的 `torch.nn.CrossEntropyLoss`。"),
}
