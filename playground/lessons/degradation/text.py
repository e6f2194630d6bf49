"""The degradation lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_degradation": ("ResNet's reason", "ResNet 的由来"),
    "degradation_intro": (
        "**Why residual connections?** He et al. (2016) found that a deeper *plain* network can end with a *higher "
        "training error* than a shallower one: not overfitting (it is the training error), and not vanishing "
        "gradients (their plain nets use batch norm, and the gradients stayed healthy), but an optimisation that "
        "gets slower with depth. A residual block learns F(x) = H(x) − x and adds x back, so an extra block only "
        "has to learn F = 0 to do no harm. Here nets of several depths, plain and residual (fully connected layers "
        "with batch norm and ReLU, width 32, on the 8 × 8 digits), train on the same batches with SGD and momentum; "
        "the curves are their error on the whole training split. The shipped run is shown; **Train** runs it again "
        "live.",
        "**为什么需要残差连接？** He 等人（2016）发现，更深的*普通*网络最后的*训练误差*反而可能比浅的网络更高："
        "这不是过拟合（看的是训练误差），也不是梯度消失（他们的普通网络用了批归一化，梯度也很正常），"
        "而是网络越深越难优化。残差块学习 F(x) = H(x) − x 再把 x 加回去，所以多加一个块只要学到 F = 0 "
        "就不会变差。这里几个不同深度的普通网络和残差网络（全连接层加批归一化和 ReLU，宽度 32，输入 8 × 8 "
        "手写数字）用同样的批次、带动量的 SGD 训练；曲线是它们在整个训练集上的误差。下面显示的是随附的结果；"
        "按 **训练** 可以现场重跑。"),
    "degradation_depths": ("Depths (weighted layers)", "深度（带权重的层数）"),
    "degradation_depths_info": (
        "Up to 4 even numbers from 4 to 56, separated by commas; each is one plain and one residual net.",
        "最多 4 个 4 到 56 之间的偶数，用逗号分隔；每个深度各训练一个普通网络和一个残差网络。"),
    "degradation_steps": ("SGD steps", "SGD 步数"),
    "degradation_lr": ("Learning rate", "学习率"),
    "degradation_seed": ("Seed", "随机种子"),
    "degradation_train": ("Train", "训练"),
    "degradation_stop": ("Stop", "停止"),
    "degradation_show_shipped": ("Shipped run", "随附的结果"),
    "degradation_plot": ("Training error, plain vs residual", "训练误差：普通网络与残差网络"),
    "degradation_fig_plain": ("Plain nets", "普通网络"),
    "degradation_fig_residual": ("Residual nets", "残差网络"),
    "degradation_fig_step": ("SGD step", "SGD 步"),
    "degradation_fig_error": ("training error", "训练误差"),
    "degradation_fig_layers": ("{depth} layers", "{depth} 层"),
    "degradation_status": (
        "Training live: step {step} of {total}, {seconds} s.",
        "正在训练：第 {step} / {total} 步，已用 {seconds} 秒。"),
    "degradation_status_done": (
        "Done: {total} steps in {seconds} s.",
        "完成：{total} 步，用时 {seconds} 秒。"),
    "degradation_status_stopped": (
        "Stopped at step {step} of {total}, after {seconds} s.",
        "在第 {step} / {total} 步停止，用时 {seconds} 秒。"),
    "degradation_shipped_note": (
        "The shipped run: depths {depths}, {steps} steps, learning rate {lr}, seed {seed} ({seconds} s of CPU time "
        "on {threads} thread(s) when it was made). Press **Train** to run it again live.",
        "随附的结果：深度 {depths}，{steps} 步，学习率 {lr}，随机种子 {seed}（生成时用了 {threads} 个线程、"
        "{seconds} 秒 CPU 时间）。按 **训练** 可以现场重跑。"),
    "degradation_final": (
        "Training error at step {step}:",
        "第 {step} 步的训练误差："),
    "degradation_row": ("- **{kind}**: {errors}", "- **{kind}**：{errors}"),
    "degradation_cell": ("{depth} layers {error}", "{depth} 层 {error}"),
    "degradation_plain_degrades": (
        "The deepest plain net trains **worse** than the shallowest: degradation.",
        "最深的普通网络比最浅的训练得**更差**：这就是退化。"),
    "degradation_plain_holds": (
        "The deepest plain net did not end worse than the shallowest in this run.",
        "这次运行中，最深的普通网络最后并不比最浅的差。"),
    "degradation_residual_holds": (
        "The deepest residual net ends no worse than the shallowest: the shortcuts remove the degradation.",
        "最深的残差网络最后不比最浅的差：捷径连接消除了退化。"),
    "degradation_residual_degrades": (
        "The deepest residual net ended worse than the shallowest in this run.",
        "这次运行中，最深的残差网络最后比最浅的差。"),
    "degradation_differs_resnet_dropout": (
        "**Where the notes differ.** The ResNet-18 table in `003_…` lists the last row as **FC (Flatten, Softmax, "
        "Dropout)**. ResNet-18 has no dropout: after the global average pool comes one fully connected layer, "
        "512 → 1000, and the softmax belongs to the loss. The paper says so (He et al. 2016, Sec. 3.4: \"We do not "
        "use dropout\"), and torchvision's `resnet18()` holds no `nn.Dropout`; its `fc` is `Linear(512, 1000)`. "
        "Batch norm and weight decay are what regularise it. The rest of the table matches torchvision: "
        "112 × 112 × 64 after conv1, then 56 × 56 × 64, 28 × 28 × 128, 14 × 14 × 256 and 7 × 7 × 512.",
        "**与笔记不同之处。** `003_…` 中 ResNet-18 表格的最后一行写作 **FC（Flatten、Softmax、Dropout）**。"
        "ResNet-18 没有 dropout：全局平均池化之后只有一个全连接层（512 → 1000），softmax 属于损失函数。"
        "论文中写明了这一点（He 等人 2016，第 3.4 节：“我们不使用 dropout”），torchvision 的 `resnet18()` "
        "里也没有 `nn.Dropout`，它的 `fc` 是 `Linear(512, 1000)`；起正则化作用的是批归一化和权重衰减。"
        "表格其余部分与 torchvision 一致：conv1 之后是 112 × 112 × 64，然后依次是 56 × 56 × 64、"
        "28 × 28 × 128、14 × 14 × 256 和 7 × 7 × 512。"),
    "degradation_bad_depths": (
        "Depths must be 1 to {most} even whole numbers from {low} to {high}, separated by commas, not {depths}.",
        "深度必须是 1 到 {most} 个 {low} 到 {high} 之间的偶数，用逗号分隔，而不是 {depths}。"),
    "degradation_bad_steps": (
        "The number of steps must be a whole number from 10 to {limit}, not {steps}.",
        "步数必须是 10 到 {limit} 之间的整数，而不是 {steps}。"),
    "degradation_bad_lr": (
        "The learning rate must be above 0 and at most {limit}, not {lr}.",
        "学习率必须大于 0 且不超过 {limit}，而不是 {lr}。"),
    "degradation_bad_seed": (
        "The seed must be a whole number from 0 to {limit}, not {seed}.",
        "随机种子必须是 0 到 {limit} 之间的整数，而不是 {seed}。"),
    "degradation_no_shipped": (
        "The shipped run (pretrained/degradation_curves.json) is missing or broken. Press Train to run the race "
        "live.",
        "随附的结果（pretrained/degradation_curves.json）缺失或已损坏。请按“训练”现场运行。"),
}
