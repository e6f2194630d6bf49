"""The architecture lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_architecture": ("Architecture", "网络结构"),
    "architecture_group_label": ("Family", "类别"),
    "architecture_group_mlp": ("MLP", "多层感知机"),
    "architecture_group_cnn": ("CNN", "卷积网络"),
    "architecture_group_rnn": ("RNN / seq2seq", "循环网络 / seq2seq"),
    "architecture_group_transformer": ("Transformer", "Transformer"),
    "architecture_group_timm": ("timm catalog", "timm 模型库"),
    "architecture_group_torchvision": ("torchvision catalog", "torchvision 模型库"),
    "architecture_model_label": ("Model", "模型"),
    "architecture_model_info": (
        "Type to search. Catalog models are built with random weights; nothing is downloaded.",
        "可输入关键字搜索。模型库中的模型使用随机权重构建，不下载任何文件。"),
    "architecture_shape_label": ("Input shape (without the batch)", "输入形状（不含批次维）"),
    "architecture_shape_info": (
        "Images: channels x height x width, e.g. 3x224x224. Sequences: the length (token models) or length x "
        "features; encoder-decoders: source length x target length. One number more in front is the batch.",
        "图像：通道 x 高 x 宽，例如 3x224x224。序列：长度（词元模型）或 长度 x 特征数；编码器-解码器：源序列长度 x "
        "目标序列长度。最前面多写的一个数是批次维。"),
    "architecture_inspect_button": ("Inspect", "分析"),
    "architecture_depth_label": ("Table depth", "表格深度"),
    "architecture_depth_info": (
        "0 shows the whole model only; 1 its top-level parts; the largest value every module.",
        "0 只显示整个模型；1 显示其顶层各部分；取最大值时显示所有模块。"),
    "architecture_log_label": ("Logarithmic axis", "对数坐标"),
    "architecture_totals_label": ("Totals (JSON, as returned by the API)", "汇总（JSON，与 API 返回的内容相同）"),
    "architecture_subtab_inspector": ("Model inspector", "模型分析"),
    "architecture_subtab_totals": ("Totals (JSON)", "汇总（JSON）"),
    "architecture_subtab_table": ("Layer table", "逐层表格"),
    "architecture_export_label": (
        "Download: the layer table (CSV, Markdown), the model's source (.py) and, when a built-in dataset fits it, "
        "a training script (_train.py) to run on your own machine",
        "下载：层表（CSV、Markdown）、模型源代码（.py），以及在有合适的内置数据集时，"
        "可在你自己的机器上运行的训练脚本（_train.py）"),
    "architecture_subtab_charts": ("Charts", "图表"),
    "architecture_subtab_source": ("PyTorch source", "PyTorch 源码"),
    "architecture_table_label": ("Layers, in the order they run", "各层（按执行顺序）"),
    "architecture_table_legend": (
        "**Columns.** *input / output shape* include the batch; *params* counts the weights inside the module, a "
        "shared tensor once; *MACs* are multiply-adds over all calls (FLOPs = 2 x MACs); *calls* is how often the "
        "module ran (a recurrent cell runs once per step); *output KB* is the memory of its outputs in float32. "
        "For image models, *receptive field* is the size in input pixels of the region one output unit sees, "
        "*jump* the distance in input pixels between two neighbouring units, and *start* the centre of the first "
        "unit's region (pixel centres are 0, 1, 2, ...); *global* means every unit sees the whole input. "
        "Normalisation statistics and channel-attention scales are not counted in the receptive field.",
        "**各列说明。** *输入 / 输出形状* 含批次维；*参数* 为该模块内的权重数量，共享的张量只计一次；*乘加数* "
        "为所有调用中的乘加次数（FLOPs = 2 x MACs）；*调用次数* 为该模块运行的次数（循环单元每个时间步运行一次）；"
        "*输出 KB* 为其输出在 float32 下占用的内存。对于图像模型，*感受野* "
        "是一个输出单元在输入图像上看到的区域边长（像素），*跳距* 是相邻两个单元在输入上相隔的像素数，"
        "*起点* 是第一个单元感受野的中心（像素中心依次为 0、1、2……）；*全局* "
        "表示每个单元都能看到整张输入。归一化的统计量和通道注意力的缩放系数不计入感受野。"),
    "architecture_profile_label": ("Parameters and output size of every leaf layer", "每个叶子层的参数量与输出大小"),
    "architecture_diagram_label": ("Block diagram: top-level stages and their output shapes", "结构框图：顶层各阶段及其输出形状"),
    "architecture_source_label": (
        "Source of the registry model (random weights; copy it to train on your own machine)",
        "注册表模型的源码（随机权重；可复制到自己的机器上训练）"),
    "architecture_source_catalog": (
        "# Catalog models come from their library; build this one with:\n{code}\n",
        "# 模型库中的模型来自其所属的库；可以这样构建：\n{code}\n"),
    "architecture_card_paper": ("Paper", "论文"),
    "architecture_card_default_input": ("Default input", "默认输入"),
    "architecture_card_teaching": ("Teaching size: trains in seconds on a CPU.", "教学规模：在 CPU 上几秒即可训练。"),
    "architecture_card_catalog": (
        "Built with random weights from the library's own code; nothing is downloaded.",
        "使用库自身的代码以随机权重构建，不下载任何文件。"),
    "architecture_card_note": ("How this differs", "与其他实现的区别"),
    "architecture_card_kind_image": ("image (channels x height x width)", "图像（通道 x 高 x 宽）"),
    "architecture_card_kind_vector": ("vector (features)", "向量（特征）"),
    "architecture_card_kind_series": ("series (steps x features)", "序列（步数 x 特征）"),
    "architecture_card_kind_tokens": ("token ids (sequence length)", "词元编号（序列长度）"),
    "architecture_card_kind_token_pair": (
        "token ids for encoder and decoder (source length x target length)",
        "编码器与解码器的词元编号（源序列长度 x 目标序列长度）"),
    "architecture_sum_params": ("Parameters", "参数量"),
    "architecture_sum_trainable": ("trainable", "可训练"),
    "architecture_sum_macs": ("Multiply-adds", "乘加次数"),
    "architecture_sum_flops": ("FLOPs", "浮点运算数"),
    "architecture_sum_weights": ("Weights", "权重"),
    "architecture_sum_activations": ("Activations", "激活"),
    "architecture_sum_activations_hint": ("outputs of every leaf layer, one forward pass", "一次前向传播中所有叶子层的输出"),
    "architecture_sum_output": ("Output shape", "输出形状"),
    "architecture_sum_rf": ("Largest receptive field", "最大感受野"),
    "architecture_sum_time": ("Inspected in {seconds} s on the {device} device.", "分析用时 {seconds} 秒，运行设备：{device}。"),
    "architecture_sum_activations_note": ("{name}: {hint}.", "{name}：{hint}。"),
    "architecture_sum_device_meta": ("meta (shapes only, no weights in memory)", "`meta`（只计算形状，不占用权重内存）"),
    "architecture_sum_device_cpu": (
        "CPU (this model reads tensor values, so it ran for real)",
        "CPU（该模型会读取张量的数值，因此实际运行了一次）"),
    "architecture_chart_layer": ("layer (in execution order)", "层（按执行顺序）"),
    "architecture_chart_params": ("parameters", "参数量"),
    "architecture_chart_outputs": ("output elements", "输出元素数"),
    "architecture_chart_empty": ("Nothing to draw yet: inspect a model first.", "暂无内容：请先分析一个模型。"),
    "architecture_conv_heading": ("Convolution arithmetic", "卷积计算器"),
    "architecture_conv_intro": (
        "One axis of a convolution or pooling window. The notes' formula is out = (n - k + 2p) / s + 1; with "
        "dilation d the kernel spans d(k - 1) + 1 pixels and PyTorch rounds down: out = floor((n + 2p - d(k - 1) - "
        "1) / s) + 1.",
        "卷积或池化窗口在一个方向上的计算。笔记中的公式为 out = (n - k + 2p) / s + 1；若膨胀系数为 d，卷积核覆盖 "
        "d(k - 1) + 1 个像素，PyTorch 向下取整：out = floor((n + 2p - d(k - 1) - 1) / s) + 1。"),
    "architecture_conv_size": ("Input size n", "输入尺寸 n"),
    "architecture_conv_kernel": ("Kernel k", "卷积核 k"),
    "architecture_conv_stride": ("Stride s", "步长 s"),
    "architecture_conv_padding": ("Padding p", "填充 p"),
    "architecture_conv_dilation": ("Dilation d", "膨胀 d"),
    "architecture_conv_position": ("Output position (row-major)", "输出位置（按行排列）"),
    "architecture_conv_plot_label": (
        "The window on the padded input (left) and the output it produces (right)",
        "窗口在填充后输入上的位置（左）及其产生的输出（右）"),
    "architecture_conv_result": (
        "floor(({n} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1 = **{out}**: {n}×{n} inputs give **{out}×{out}** "
        "outputs.",
        "floor(({n} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1 = **{out}**，即 {n}×{n} 的输入得到 **{out}×{out}** "
        "的输出。"),
    "architecture_conv_exact": (
        "The windows fit exactly: the last one ends at the padded edge.",
        "窗口恰好铺满：最后一个窗口正好停在填充后的边缘。"),
    "architecture_conv_skipped": (
        "The division is not exact: the last {r} padded row(s) are never covered by a window.",
        "除法不能整除：填充后最后 {r} 行（列）没有被任何窗口覆盖。"),
    "architecture_conv_legend_input": ("input", "输入"),
    "architecture_conv_legend_padding": ("padding", "填充"),
    "architecture_conv_legend_window": ("window", "窗口"),
    "architecture_conv_legend_window_padding": ("window over padding", "窗口（落在填充上）"),
    "architecture_conv_legend_output": ("output", "输出"),
    "architecture_compare_heading": ("Two worked comparisons from the notes", "笔记中的两个计算实例"),
    "architecture_compare_bottleneck_title": ("ResNet's bottleneck vs two 3x3 convolutions", "ResNet 瓶颈块 与 两个 3x3 卷积"),
    "architecture_compare_bottleneck_intro": (
        "A bottleneck block cuts the channels with a 1x1 convolution, runs the 3x3 convolution on the narrow "
        "tensor, and restores the channels with another 1x1. Weights only (no biases), as in the notes.",
        "瓶颈块先用 1x1 卷积减少通道，在较窄的张量上做 3x3 卷积，再用 1x1 卷积恢复通道数。与笔记一致，"
        "只计权重（不含偏置）。"),
    "architecture_compare_stack_title": ("Stacked small kernels vs one large kernel", "堆叠小卷积核 与 一个大卷积核"),
    "architecture_compare_stack_intro": (
        "n stacked k×k convolutions see a 1 + n(k − 1) pixel square, the same as one large kernel, with fewer "
        "weights and n non-linearities instead of one.",
        "n 个堆叠的 k×k 卷积能看到 1 + n(k − 1) 像素见方的区域，与一个大卷积核相同，但权重更少，非线性也从一个变为 "
        "n 个。"),
    "architecture_compare_channels": ("Channels C", "通道数 C"),
    "architecture_compare_layers": ("Stacked layers n", "堆叠层数 n"),
    "architecture_compare_kernel": ("Small kernel k", "小卷积核 k"),
    "architecture_compare_size": ("Feature map size (for multiply-adds)", "特征图尺寸（用于计算乘加次数）"),
    "architecture_compare_col_design": ("Design", "结构"),
    "architecture_compare_col_layers": ("Convolutions", "卷积层"),
    "architecture_compare_col_params": ("Weights", "权重数"),
    "architecture_compare_col_macs": ("Multiply-adds", "乘加次数"),
    "architecture_compare_col_rf": ("Receptive field", "感受野"),
    "architecture_compare_col_nonlin": ("Non-linearities", "非线性层"),
    "architecture_compare_col_bottleneck": ("Bottleneck 1x1 → 3x3 → 1x1", "瓶颈块 1x1 → 3x3 → 1x1"),
    "architecture_compare_col_two_3x3": ("Two 3x3 convolutions", "两个 3x3 卷积"),
    "architecture_compare_col_stack": ("{n} stacked {k}x{k}", "{n} 个堆叠的 {k}x{k}"),
    "architecture_compare_col_single": ("One {b}x{b}", "一个 {b}x{b}"),
    "architecture_compare_col_ratio": (
        "The second design needs **{ratio}×** the weights of the first.",
        "第二种结构的权重数是第一种的 **{ratio} 倍**。"),
    "architecture_not_whole_number": ("Every setting must be a whole number.", "每个设置都必须是整数。"),
    "architecture_bad_depth": (
        "The table depth must be a whole number from 0 (the whole model only) to {high} (every module), not "
        "{value}.",
        "表格深度必须是 0（只显示整个模型）到 {high}（显示每个模块）之间的整数，而不是 {value}。"),
    "architecture_conv_out_of_range": (
        "Sizes, kernels, strides and dilations must be between 1 and {limit}; padding between 0 and {limit}.",
        "尺寸、卷积核、步长和膨胀必须在 1 到 {limit} 之间；填充在 0 到 {limit} 之间。"),
    "architecture_conv_kernel_too_big": (
        "The kernel spans {span} pixels but the padded input is only {padded}: add padding or shrink the kernel.",
        "卷积核覆盖 {span} 个像素，但填充后的输入只有 {padded} 个：请增加填充或缩小卷积核。"),
    "architecture_compare_bad_channels": (
        "Use a channel count of at least {reduction} that is divisible by {reduction} (and at most 4096); "
        "{channels} does not work.",
        "通道数至少为 {reduction}、能被 {reduction} 整除且不超过 4096；{channels} 不满足要求。"),
    "architecture_compare_bad_stack": (
        "Use 1 to 4096 channels, 1 to 16 layers and a kernel of 3, 5 or 7.",
        "请使用 1 到 4096 个通道、1 到 16 层，卷积核为 3、5 或 7。"),
    # The layer table's headings (English as the exported CSV has them) and the chart's layer kinds.
    "architecture_col_layer": ("layer", "层"),
    "architecture_col_type": ("type", "类型"),
    "architecture_col_depth": ("depth", "深度"),
    "architecture_col_input_shape": ("input shape", "输入形状"),
    "architecture_col_output_shape": ("output shape", "输出形状"),
    "architecture_col_params": ("params", "参数"),
    "architecture_col_trainable": ("trainable", "可训练"),
    "architecture_col_macs": ("MACs", "乘加数（MACs）"),
    "architecture_col_calls": ("calls", "调用次数"),
    "architecture_col_output_kb": ("output KB", "输出 KB"),
    "architecture_col_receptive_field": ("receptive field", "感受野"),
    "architecture_col_jump": ("jump", "跳距"),
    "architecture_col_start": ("start", "起点"),
    "architecture_col_kernel": ("kernel", "卷积核 / 窗口"),
    "architecture_col_stride": ("stride", "步长"),
    "architecture_col_padding": ("padding", "填充"),
    "architecture_col_ceil_mode": ("ceil mode", "向上取整（ceil_mode）"),
    "architecture_col_whole_model": ("(model)", "（整个模型）"),
    "architecture_rf_global": ("global", "全局"),
    "architecture_diagram_input": ("input", "输入"),
    "architecture_kind_conv": ("conv", "卷积"),
    "architecture_kind_pool": ("pool", "池化"),
    "architecture_kind_norm": ("norm", "归一化"),
    "architecture_kind_linear": ("linear", "全连接"),
    "architecture_kind_attention": ("attention", "注意力"),
    "architecture_kind_recurrent": ("recurrent", "循环"),
    "architecture_kind_embedding": ("embedding", "嵌入"),
    "architecture_kind_block": ("block", "模块"),
    "architecture_kind_other": ("other", "其他"),
    "architecture_table_legend_window": (
        "*kernel*, *stride* and *padding* are a convolution's or pooling layer's own settings, as PyTorch stores "
        "them (a stride or padding that is the same along every axis is given once); *ceil mode* says whether a "
        "pooling layer rounds its output size up (True) or down (False) when the windows do not fit exactly.",
        "*卷积核 / 窗口*、*步长* 和 *填充* 是卷积层或池化层自身的设置，与 PyTorch 保存的一致（各方向相同的步长或"
        "填充只写一次）；*向上取整（ceil_mode）* 表示窗口不能恰好铺满时，池化层把输出尺寸向上取整（`True`）"
        "还是向下取整（`False`）。"),
    "architecture_differs_googlenet_pool": (
        "**Where the notes differ.** The GoogLeNet table in `003_…` gives the 3×3, stride-2 max-pooling layers "
        "padding 0 and outputs 28×28, 14×14 and 7×7 (from 56, 28 and 14). By the notes' own formula "
        "(H + 2P − F) / S + 1 with P = 0, rounded down as PyTorch does by default, those layers give 27, 13 and 6. "
        "The outputs in the table are right, but padding is not what gives them: torchvision's GoogLeNet builds "
        "its pooling layers with `ceil_mode=True` (`MaxPool2d(3, stride=2, ceil_mode=True)`; the last one 2×2), "
        "which rounds the size up: ⌈(H − F) / S⌉ + 1 = 28, 14 and 7. Inspect `googlenet` or `torchvision/googlenet`: the *ceil mode* "
        "column says True on each pooling row. Sources: the PyTorch documentation of `nn.MaxPool2d` (ceil_mode); "
        "torchvision's `models/googlenet.py`.",
        "**与笔记不同之处。** `003_…` 的 GoogLeNet 表格里，3×3、步长 2 的最大池化层写的是填充 0，输出为 28×28、"
        "14×14 和 7×7（输入分别是 56、28 和 14）。按笔记自己的公式 (H + 2P − F) / S + 1，取 P = 0 并像 PyTorch "
        "默认那样向下取整，这几层得到的是 27、13 和 6。表中的输出尺寸没错，但它们并不是靠填充得到的：torchvision "
        "的 GoogLeNet 的池化层都设了 `ceil_mode=True`（`MaxPool2d(3, stride=2, ceil_mode=True)`，最后一个是 "
        "2×2），尺寸因此向上取整：⌈(H − F) / S⌉ + 1 = 28、14 和 7。检查 `googlenet` 或 `torchvision/googlenet`：每个池化行的"
        "*向上取整（ceil_mode）* 一列都是 `True`。出处：PyTorch 文档中的 `nn.MaxPool2d`（ceil_mode）；torchvision 的 "
        "`models/googlenet.py`。"),
}
