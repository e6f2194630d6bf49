"""The sigmoids lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_sigmoids": ("Curves from sigmoids", "用 sigmoid 拼出曲线"),
    "sigmoids_intro": (
        "Note `004_…` (section 1.1) builds a neural network out of curve fitting: any piecewise-linear curve is a "
        "constant plus a sum of \"hard sigmoids\" (flat, a straight ramp, flat), and a smooth sigmoid "
        "c·sigmoid(b + wx) approximates each of them. So y = b + Σᵢ cᵢ·sigmoid(bᵢ + wᵢx) can follow any such "
        "curve, and more units follow it more closely. Pick a target and a number of units, then **Fit**: gradient "
        "descent (Adam steps on the mean squared error) moves every bᵢ, wᵢ, cᵢ and b, and the figure shows each "
        "unit's contribution (grey), the constant (dashed) and their sum (blue) against the target (dotted).",
        "笔记 `004_…`（1.1 节）从曲线拟合出发引出神经网络：任何分段线性曲线都等于一个常数加上一组“硬 sigmoid”"
        "（先平、再直线上升或下降、再平）之和，而每个硬 sigmoid 都可以用光滑的 c·sigmoid(b + wx) 来近似。因此 "
        "y = b + Σᵢ cᵢ·sigmoid(bᵢ + wᵢx) 能逼近任何这样的曲线，单元越多贴得越紧。选一个目标和单元数，然后点"
        "**拟合**：梯度下降（对均方误差做 Adam 更新）调整每个 bᵢ、wᵢ、cᵢ 和 b，图中画出每个单元的贡献（灰线）、"
        "常数（虚线）以及它们的和（蓝线），并与目标（点线）对照。"),
    "sigmoids_target": ("Target curve", "目标曲线"),
    "sigmoids_target_piecewise": ("The note's piecewise-linear curve", "笔记中的分段线性曲线"),
    "sigmoids_target_sine": ("One period of a sine", "一个周期的正弦"),
    "sigmoids_target_points": ("Through the points I type", "穿过我输入的点"),
    "sigmoids_points": ("Points (x y; x y; …)", "点（x y; x y; …）"),
    "sigmoids_points_info": (
        "2 to 20 points, pairs separated by ';', each an x and a y; the target joins them with straight segments.",
        "2 到 20 个点，点与点之间用“;”分隔，每个点写 x 和 y；目标曲线用直线段把它们连起来。"),
    "sigmoids_units": ("Units", "单元数"),
    "sigmoids_activation": ("Each unit", "每个单元"),
    "sigmoids_activation_info": (
        "ReLU(x) = max(0, x). Two ReLUs make one hard sigmoid: relu(x − s) − relu(x − e) is 0 before s, a ramp "
        "from s to e, and flat after e.",
        "ReLU(x) = max(0, x)。两个 ReLU 拼成一个硬 sigmoid：relu(x − s) − relu(x − e) 在 s 之前为 0，"
        "从 s 到 e 是一段斜坡，e 之后保持平直。"),
    "sigmoids_act_sigmoid": ("sigmoid", "sigmoid（S 型）"),
    "sigmoids_act_relu": ("ReLU", "ReLU"),
    "sigmoids_steps": ("Steps", "步数"),
    "sigmoids_seed": ("Seed (starting weights)", "随机种子（初始权重）"),
    "sigmoids_fit": ("Fit", "拟合"),
    "sigmoids_stop": ("Stop", "停止"),
    "sigmoids_plot": ("Each unit, the constant and their sum against the target",
                      "每个单元、常数以及它们的和，与目标对照"),
    "sigmoids_status": (
        "Step {step} of {total}: mean squared error {mse}.",
        "第 {step} 步（共 {total} 步）：均方误差 {mse}。"),
    "sigmoids_status_start": (
        "The starting weights, before any step (press **Fit** to train {total} steps): mean squared error {mse}.",
        "初始权重，尚未训练（点**拟合**训练 {total} 步）：均方误差 {mse}。"),
    "sigmoids_status_stopped": (
        "Stopped at step {step} of {total}: mean squared error {mse}.",
        "在第 {step} 步停止（共 {total} 步）：均方误差 {mse}。"),
    "sigmoids_fig_units": ("each unit cᵢ·{act}(bᵢ + wᵢx)", "每个单元 cᵢ·{act}(bᵢ + wᵢx)"),
    "sigmoids_fig_constant": ("constant b", "常数 b"),
    "sigmoids_fig_total": ("sum b + Σᵢ cᵢ·{act}(bᵢ + wᵢx)", "和 b + Σᵢ cᵢ·{act}(bᵢ + wᵢx)"),
    "sigmoids_fig_target": ("target", "目标"),
    "sigmoids_fig_x": ("x", "x"),
    "sigmoids_fig_y": ("y", "y"),
    "sigmoids_fig_title": ("{units} {act} units · step {step} · MSE {mse}",
                           "{units} 个 {act} 单元 · 第 {step} 步 · 均方误差 {mse}"),
    "sigmoids_matrix_intro": (
        "**The same network as matrices.** With several inputs each unit sums them, rᵢ = bᵢ + Σⱼ wᵢⱼxⱼ; the note "
        "writes the case of three inputs and three units, then stacks the three sums into r = b + Wx. Next come "
        "a = σ(r) and y = b + cᵀa: a linear layer, an activation, and a linear read-out, which is a neural network "
        "with one hidden layer (the fit above is its case of one input: W is a column of the n weights wᵢ). The "
        "note gives the 3×3 case in symbols; here it is with numbers (W, b, c and the output bias b = 0.5 fixed). "
        "Type the three inputs.",
        "**同一个网络的矩阵形式。** 有多个输入时，每个单元把它们加权求和：rᵢ = bᵢ + Σⱼ wᵢⱼxⱼ；笔记写出了三个输入、"
        "三个单元的情形，再把三个和叠成 r = b + Wx。接着是 a = σ(r) 和 y = b + cᵀa：一个线性层、一个激活函数、"
        "一个线性输出，这就是只有一个隐藏层的神经网络（上面的拟合是只有一个输入的情形：W 是由 n 个权重 wᵢ "
        "组成的一列）。笔记只用符号写了 3×3 的例子，这里代入具体数字（W、b、c 以及输出偏置 b = 0.5 固定）。"
        "请输入三个输入值。"),
    "sigmoids_inputs": ("Inputs x₁, x₂, x₃", "输入 x₁、x₂、x₃"),
    "sigmoids_inputs_info": ("Three numbers, e.g. 1, -1, 2.", "三个数，例如 1, -1, 2。"),
    "sigmoids_differs_index": (
        "**Where the notes differ.** Note `004_…` (section 1.1) first writes y = b + Σᵢ cᵢ sigmoid(bᵢ + wᵢxᵢ) and "
        "then y = b + Σᵢ cᵢ sigmoid(bᵢ + Σⱼ wᵢⱼxᵢ), with x indexed by i. Read literally, unit i would only ever "
        "see input xᵢ, scaled by the sum of its row of W: with the numbers below, r would be (4, 0, 1) instead of "
        "(0, 3, −1). The sum runs over the inputs: rᵢ = bᵢ + Σⱼ wᵢⱼxⱼ, as the note's next line and its r = b + Wx "
        "say, and as PyTorch's `nn.Linear` computes (y = xAᵀ + b, PyTorch documentation). With one input the first "
        "formula should read wᵢx₁.",
        "**与笔记不同之处。** 笔记 `004_…`（1.1 节）先写 y = b + Σᵢ cᵢ sigmoid(bᵢ + wᵢxᵢ)，又写 "
        "y = b + Σᵢ cᵢ sigmoid(bᵢ + Σⱼ wᵢⱼxᵢ)，其中 x 的下标是 i。照字面理解，第 i 个单元只能看到输入 xᵢ，"
        "再乘以 W 第 i 行之和：代入下面的数字，r 会是 (4, 0, 1) 而不是 (0, 3, −1)。求和应当遍历所有输入："
        "rᵢ = bᵢ + Σⱼ wᵢⱼxⱼ，正如笔记下一行和 r = b + Wx 所写，也正是 PyTorch 的 `nn.Linear` 的计算方式"
        "（y = xAᵀ + b，见 PyTorch 文档）。只有一个输入时，第一个公式应写作 wᵢx₁。"),
    "sigmoids_bad_target": ("Unknown target curve: {target}.", "未知的目标曲线：{target}。"),
    "sigmoids_bad_points": (
        "Type 2 to {limit} points as 'x y; x y; …', each with exactly two numbers (got {n}).",
        "请按 “x y; x y; …” 的格式输入 2 到 {limit} 个点，每个点恰好两个数（收到 {n} 个）。"),
    "sigmoids_bad_value": (
        "Each x and y must be a number between -{limit} and {limit}.",
        "每个 x 和 y 都必须是 -{limit} 到 {limit} 之间的数。"),
    "sigmoids_same_x": (
        "Two points share an x: a curve takes one y at each x.",
        "有两个点的 x 相同：曲线在每个 x 上只能取一个 y。"),
    "sigmoids_bad_activation": ("Unknown kind of unit: {activation}.", "未知的单元类型：{activation}。"),
    "sigmoids_bad_units": (
        "The number of units must be a whole number from {low} to {high} (got {units}).",
        "单元数必须是 {low} 到 {high} 之间的整数（收到 {units}）。"),
    "sigmoids_bad_seed": (
        "The seed must be a whole number from 0 to {limit} (got {seed}).",
        "随机种子必须是 0 到 {limit} 之间的整数（收到 {seed}）。"),
    "sigmoids_bad_steps": (
        "The number of steps must be a whole number from {low} to {high} (got {steps}).",
        "步数必须是 {low} 到 {high} 之间的整数（收到 {steps}）。"),
    "sigmoids_bad_inputs": (
        "Type three numbers, each between -{limit} and {limit}, e.g. 1, -1, 2.",
        "请输入三个数，每个都在 -{limit} 到 {limit} 之间，例如 1, -1, 2。"),
}
