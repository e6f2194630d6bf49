"""The convolution-basics lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_convolution": ("Convolution basics", "卷积基础"),
    "convolution_intro": (
        "The three ideas the notes open CNNs with: **local receptive fields** (a unit sees a small patch, not the "
        "whole image), **shared weights** (every position uses the same kernel) and **pooling** (a window's "
        "maximum or average). Below: what the first two save, pooling with every number, one output of a "
        "convolution worked out, and why a fully connected layer is a convolution in disguise.",
        "笔记介绍 CNN 时的三个基本思想：**局部感受野**（每个单元只看一小块，而不是整张图）、**权值共享**"
        "（每个位置都用同一个卷积核）和**池化**（取窗口内的最大值或平均值）。下面依次展示：前两者省下了多少参数、"
        "带着每个数字的池化、一个卷积输出的完整计算，以及为什么全连接层其实就是一种卷积。"),
    # 1. Counts
    "convolution_counts_heading": ("Local connection and weight sharing: what they save",
                                   "局部连接与权值共享：省下了多少"),
    "convolution_counts_intro": (
        "An n × n image feeds as many hidden units per feature map as it has pixels (stride 1, padded at the edges, "
        "the notes' setting). **Fully connected**: every unit sees every input value. **Locally connected**: each "
        "unit sees a k × k patch (in every input channel) with weights of its own. **Convolution**: the same "
        "patches, but all the units of a map share one kernel. The notes' example is n = 1000, k = 10.",
        "一张 n × n 的图像，每个特征图的隐藏单元和像素一样多（步长 1，边缘补零，即笔记中的设定）。"
        "**全连接**：每个单元连接所有输入值。**局部连接**：每个单元只看一个 k × k 的小块（每个输入通道都看），"
        "而且权重各自独立。**卷积**：同样的小块，但同一特征图的所有单元共用一个卷积核。笔记中的例子是 "
        "n = 1000、k = 10。"),
    "convolution_size": ("Image side n", "图像边长 n"),
    "convolution_field": ("Local field k (k × k)", "局部感受野 k（k × k）"),
    "convolution_channels": ("Input channels", "输入通道数"),
    "convolution_maps": ("Feature maps", "特征图数"),
    "convolution_counts_plot": ("Connections and weights (log scale)", "连接数与权重数（对数坐标）"),
    "convolution_kind_full": ("fully connected", "全连接"),
    "convolution_kind_local": ("locally connected", "局部连接"),
    "convolution_kind_shared": ("convolution (shared)", "卷积（权值共享）"),
    "convolution_counts_col_layer": ("layer", "层"),
    "convolution_counts_col_connections": ("connections", "连接数"),
    "convolution_counts_col_weights": ("weights", "权重数"),
    "convolution_counts_col_biases": ("biases", "偏置数"),
    "convolution_counts_col_ratio": ("weights ÷ fully connected", "权重数 ÷ 全连接"),
    "convolution_counts_col_pytorch": ("the same layer in PyTorch: its weights", "PyTorch 中的同一层：权重数"),
    "convolution_counts_note": (
        "{units} hidden units, each seeing {fan_in} input values when locally connected. Fully connected: "
        "{inputs} × {units} weights; locally connected: {units} × {fan_in}; convolution: {maps} kernel(s) of "
        "{fan_in}. The last column builds each layer on PyTorch's meta device (shapes only, no memory) and counts "
        "its weight tensor; the locally connected layer is built from `nn.Unfold` with a weight per position.",
        "共 {units} 个隐藏单元，局部连接时每个单元看 {fan_in} 个输入值。全连接：{inputs} × {units} 个权重；"
        "局部连接：{units} × {fan_in} 个；卷积：{maps} 个卷积核，每个 {fan_in} 个权重。最后一列在 PyTorch 的 "
        "`meta` 设备上真正构建每一层（只有形状，不占内存），并数出它的权重张量；局部连接层用 `nn.Unfold` "
        "搭建，每个位置一组权重。"),
    "convolution_fig_connections": ("connections", "连接数"),
    "convolution_fig_weights": ("weights (learnt)", "权重数（需学习）"),
    "convolution_fig_count": ("count", "个数"),
    "convolution_differs_local": (
        "**Where the notes differ.** `001_…` (局部连接) says that linking each of the 10⁶ hidden units to a "
        "10 × 10 patch instead of all 10⁶ pixels cuts the weights to *one thousandth*. Recomputed: fully "
        "connected, 10⁶ × 10⁶ = 10¹² weights; locally connected, 10⁶ × 100 = 10⁸ weights. The factor is "
        "10⁸ / 10¹² = **1/10,000**, ten times smaller than the note says (the saving is ten times larger). Sharing "
        "the 100 weights across all units then leaves 100. Source: the counts above, which PyTorch's `nn.Linear` "
        "and `nn.Conv2d` give too; LeCun et al., *Gradient-based learning applied to document recognition* (1998), "
        "on local receptive fields and shared weights.",
        "**与笔记不同之处。** `001_…`（局部连接一节）说，让 10⁶ 个隐藏单元各自只连接 10 × 10 的小块、"
        "而不是全部 10⁶ 个像素，权重就*减少为原来的千分之一*。重新计算：全连接是 10⁶ × 10⁶ = 10¹² 个权重，"
        "局部连接是 10⁶ × 100 = 10⁸ 个。比例是 10⁸ / 10¹² = **万分之一**，比笔记说的还小十倍（省得更多）。"
        "再让所有单元共享这 100 个权重，就只剩 100 个。出处：上面的计数（PyTorch 的 `nn.Linear` 和 `nn.Conv2d` "
        "给出同样的数）；LeCun 等人 1998 年的论文 《Gradient-based learning applied to document recognition》 "
        "中关于局部感受野和权值共享的部分。"),
    # 2. Pooling
    "convolution_pool_heading": ("Max and average pooling", "最大池化与平均池化"),
    "convolution_pool_intro": (
        "Each window of the input gives one output: its largest value (max pooling) or its mean (average "
        "pooling). Pooling learns nothing; it only has a kernel size and a stride. With **ceil mode** a last, "
        "partial window is kept when the windows do not fit exactly (as GoogLeNet does); its average divides by "
        "the cells it covers.",
        "输入的每个窗口给出一个输出：窗口内的最大值（最大池化）或平均值（平均池化）。池化层没有需要学习的参数，"
        "只有核大小和步长。勾选 **ceil_mode（向上取整）** 时，窗口不能恰好铺满也会保留最后一个不完整的窗口"
        "（GoogLeNet 就是这样）；它的平均值只除以窗口实际覆盖的格子数。"),
    "convolution_grid_info": (
        "Rows separated by ';' or new lines, numbers by spaces or commas; up to 10 × 10. Press Enter.",
        "行与行之间用 ';' 或换行分隔，数字之间用空格或逗号分隔；最多 10 × 10。按回车确认。"),
    "convolution_grid_input": ("input", "输入"),
    "convolution_grid_kernel": ("kernel", "卷积核"),
    "convolution_pool_input": ("Input", "输入"),
    "convolution_pool_kernel": ("Kernel size", "核大小"),
    "convolution_pool_stride": ("Stride", "步长"),
    "convolution_pool_ceil": ("ceil mode (round the output size up)", "ceil_mode（输出尺寸向上取整）"),
    "convolution_pool_plot": ("Input, max pooling and average pooling", "输入、最大池化与平均池化"),
    "convolution_pool_size": (
        "Output {oh} × {ow}: per side ({n} − {k}) / {s} + 1, rounded {rounding}{dropped}.",
        "输出 {oh} × {ow}：每边 ({n} − {k}) / {s} + 1，{rounding}{dropped}。"),
    "convolution_pool_rows_cols": ("rows {rows}; columns {cols}", "行 {rows}；列 {cols}"),
    "convolution_pool_down": ("down", "向下取整"),
    "convolution_pool_up": ("up", "向上取整"),
    "convolution_pool_dropped": (
        " (a last window that would start past the input is dropped)",
        "（起点已超出输入的最后一个窗口会被去掉）"),
    "convolution_pool_col_out": ("output", "输出位置"),
    "convolution_pool_col_window": ("window (rows, columns)", "窗口（行，列）"),
    "convolution_pool_col_values": ("values", "窗口内的值"),
    "convolution_pool_col_max": ("max", "最大值"),
    "convolution_pool_col_average": ("average", "平均值"),
    "convolution_fig_input": ("input", "输入"),
    "convolution_fig_max": ("max pooling", "最大池化"),
    "convolution_fig_average": ("average pooling", "平均池化"),
    "convolution_fig_winner": ("the maximum of a window", "窗口内的最大值"),
    # 3. One convolution output
    "convolution_step_heading": ("One output of a convolution, every multiplication shown",
                                 "卷积的一个输出：每一次乘法"),
    "convolution_step_intro": (
        "A kernel slides over the (padded) input; at each position it multiplies the patch under it by its own "
        "weights, cell by cell, adds the products and the bias, and that is one output. Pick the output's row and "
        "column to move the window. (PyTorch, like every CNN library, does not flip the kernel: strictly this is "
        "cross-correlation.)",
        "卷积核在（补零后的）输入上滑动；在每个位置，它把下面那一块与自己的权重逐格相乘，再把乘积加起来并加上偏置，"
        "就得到一个输出。选择输出的行和列来移动窗口。（PyTorch 和其他 CNN 库一样不翻转卷积核：严格说这是互相关。）"),
    "convolution_step_input": ("Input", "输入"),
    "convolution_step_kernel": ("Kernel", "卷积核"),
    "convolution_step_bias": ("Bias", "偏置"),
    "convolution_step_stride": ("Stride", "步长"),
    "convolution_step_padding": ("Padding", "填充"),
    "convolution_step_row": ("Output row", "输出行"),
    "convolution_step_col": ("Output column", "输出列"),
    "convolution_step_plot": ("Where the window sits: input, kernel, output", "窗口所在位置：输入、卷积核、输出"),
    "convolution_step_size": (
        "Output {oh} × {ow}: ({h} + 2 × {p} − {kh}) / {s} + 1 rows and ({w} + 2 × {p} − {kw}) / {s} + 1 columns, "
        "rounded down.",
        "输出 {oh} × {ow}：行数 ({h} + 2 × {p} − {kh}) / {s} + 1，列数 ({w} + 2 × {p} − {kw}) / {s} + 1，向下取整。"),
    "convolution_step_where": (
        "Output ({row}, {col}): the window covers rows {r0}–{r1} and columns {c0}–{c1} of the padded input. "
        "Each cell: input × weight = product.",
        "输出 ({row}, {col})：窗口覆盖补零后输入的第 {r0}–{r1} 行、第 {c0}–{c1} 列。每一格：输入 × 权重 = 乘积。"),
    "convolution_step_sum": (
        "Sum of the {n} products = {total}; + bias {bias} = **{value}**. PyTorch's `F.conv2d` gives {torch}.",
        "{n} 个乘积之和 = {total}；加上偏置 {bias} = **{value}**。PyTorch 的 `F.conv2d` 给出 {torch}。"),
    "convolution_fig_padded": ("input (padded)", "输入（已补零）"),
    "convolution_fig_kernel": ("kernel", "卷积核"),
    "convolution_fig_output": ("output", "输出"),
    # 4. FC as a convolution
    "convolution_fc_heading": ("A fully connected layer is a convolution", "全连接层就是一种卷积"),
    "convolution_fc_intro": (
        "As the notes say, a fully connected layer after a convolution (its input C × H × W) is a convolution whose "
        "kernel covers the whole H × W map: row o of the weight matrix, reshaped to C × H × W, is kernel o. And a "
        "fully connected layer applied to the C channels at every position is a 1 × 1 convolution. Below, each "
        "pair gets the same weights and one random input; their outputs match.",
        "正如笔记所说，卷积层之后的全连接层（输入为 C × H × W）等于一个卷积核覆盖整个 H × W 的卷积："
        "权重矩阵的第 o 行变形为 C × H × W，就是第 o 个卷积核。而在每个位置对 C 个通道做全连接，就是 1 × 1 卷积。"
        "下面每一对层用相同的权重和同一个随机输入，输出完全一致。"),
    "convolution_fc_channels": ("Channels C", "通道数 C"),
    "convolution_fc_height": ("Height H", "高 H"),
    "convolution_fc_width": ("Width W", "宽 W"),
    "convolution_fc_outputs": ("Outputs", "输出数"),
    "convolution_fc_plot": ("Fully connected output against convolution output", "全连接输出与卷积输出对照"),
    "convolution_fc_col_case": ("case", "情形"),
    "convolution_fc_col_fc": ("fully connected", "全连接"),
    "convolution_fc_col_conv": ("convolution", "卷积"),
    "convolution_fc_col_params": ("parameters (each)", "参数量（各自）"),
    "convolution_fc_col_difference": ("largest difference", "最大差值"),
    "convolution_fc_whole": ("whole input C × H × W", "整个输入 C × H × W"),
    "convolution_fc_pixel": ("C channels at each position", "每个位置的 C 个通道"),
    "convolution_fig_equal": ("equal", "相等"),
    "convolution_fig_fc": ("fully connected layer's output", "全连接层的输出"),
    "convolution_fig_conv": ("convolution's output", "卷积的输出"),
    # Errors
    "convolution_bad_counts": (
        "This view takes whole numbers: image side 1 to {max_size}, local field 1 to {max_field}, channels 1 to "
        "{max_channels} and feature maps 1 to {max_maps} (got {value}).",
        "这里需要整数：图像边长 1 到 {max_size}，局部感受野 1 到 {max_field}，通道数 1 到 {max_channels}，"
        "特征图数 1 到 {max_maps}（收到 {value}）。"),
    "convolution_field_too_big": (
        "A local field of {field} × {field} is larger than the {size} × {size} image.",
        "{field} × {field} 的局部感受野比 {size} × {size} 的图像还大。"),
    "convolution_bad_fc": (
        "This view takes whole numbers: channels 1 to {max_channels}, height 1 to {max_height}, width 1 to "
        "{max_width} and outputs 1 to {max_outputs} (got {value}).",
        "这里需要整数：通道数 1 到 {max_channels}，高 1 到 {max_height}，宽 1 到 {max_width}，"
        "输出数 1 到 {max_outputs}（收到 {value}）。"),
    "convolution_bad_grid": (
        "The {what} must be rows of numbers, every row as long as the others, at most {side} × {side}, each "
        "number between -{limit} and {limit} (got '{text}').",
        "{what}必须是若干行数字，每行一样长，最多 {side} × {side}，每个数在 -{limit} 到 {limit} 之间"
        "（收到 “{text}”）。"),
    "convolution_bad_pool_kernel": (
        "The kernel size must be a whole number from {low} to {high}, the input's shorter side (got {value}).",
        "核大小必须是 {low} 到 {high}（输入较短的一边）之间的整数（收到 {value}）。"),
    "convolution_bad_stride": (
        "The stride must be a whole number from {low} to {high} (got {value}).",
        "步长必须是 {low} 到 {high} 之间的整数（收到 {value}）。"),
    "convolution_bad_padding": (
        "The padding must be a whole number from {low} to {high} (got {value}).",
        "填充必须是 {low} 到 {high} 之间的整数（收到 {value}）。"),
    "convolution_bad_bias": (
        "The bias must be a number between -{limit} and {limit} (got {value}).",
        "偏置必须是 -{limit} 到 {limit} 之间的数（收到 {value}）。"),
    "convolution_kernel_too_big": (
        "A {kernel} kernel does not fit the {padded} padded input: make it smaller or pad more.",
        "{kernel} 的卷积核放不进补零后 {padded} 的输入：请换小一点的卷积核或增加填充。"),
}
