"""The optimizers lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_optimizers": ("Optimizer race", "优化器比赛"),
    "optimizers_race_intro": (
        "The same start, the same surface, six optimizers from `torch.optim`. SGD follows the slope; momentum adds "
        "velocity and rolls through narrow valleys; Adagrad divides each step by the root of all past squared "
        "gradients, so it slows down; RMSprop uses a moving average instead; Adam combines momentum with RMSprop "
        "and corrects both for their start at 0; AdamW decays the weights apart from the gradient. Drag the step "
        "slider to replay.",
        "同一个起点、同一个曲面，六个来自 `torch.optim` 的优化器。SGD 沿坡度下降；动量加上速度，能冲过狭窄的山谷；"
        "Adagrad 把每一步除以过去所有梯度平方和的平方根，所以越走越慢；RMSprop 改用滑动平均；Adam 结合动量与 "
        "RMSprop，并修正两者从 0 开始的偏差；AdamW 把权重衰减与梯度分开。拖动步数滑块可以回放。"),
    "optimizers_surface": ("Surface", "曲面"),
    "optimizers_optimizers": ("Optimizers", "优化器"),
    "optimizers_lr_info": (
        "Applied on Enter or when you leave the box. Too large and an optimizer diverges: it is drawn up to that "
        "step.",
        "按回车或离开输入框即生效。学习率太大时优化器会发散：只画到发散的那一步。"),
    "optimizers_steps": ("Steps", "步数"),
    "optimizers_momentum": ("Momentum (SGD with momentum)", "动量（带动量的 SGD）"),
    "optimizers_beta2": ("β₂ (Adam, AdamW)", "β₂（Adam、AdamW）"),
    "optimizers_weight_decay": ("Weight decay (AdamW)", "权重衰减（AdamW）"),
    "optimizers_upto": ("Show up to step", "显示到第几步"),
    "optimizers_upto_info": ("Replay the race step by step (up to its Steps).", "一步一步回放比赛（最多到“步数”）。"),
    "optimizers_race_plot": ("Paths on the loss surface", "损失曲面上的路径"),
    "optimizers_race_loss_plot": ("Loss over the steps (log scale)", "损失随步数的变化（对数坐标）"),
    "optimizers_race_diverged": (
        "{name} diverged at step {step}: its learning rate is too large for this surface.",
        "{name} 在第 {step} 步发散：对这个曲面来说学习率太大了。"),
    "optimizers_race_end": ("{name}: loss {loss} at ({x}, {y}).", "{name}：损失 {loss}，位于 ({x}, {y})。"),
    "optimizers_race_formula": ("f(x, y) = {formula}", "f(x, y) = {formula}"),
    "optimizers_surface_bowl": ("narrow bowl (ill-conditioned)", "狭长的碗（病态）"),
    "optimizers_surface_rosenbrock": ("Rosenbrock's banana valley", "Rosenbrock 香蕉形山谷"),
    "optimizers_surface_saddle": ("saddle", "鞍点"),
    "optimizers_surface_multi": ("four minima (Himmelblau)", "四个极小值（Himmelblau）"),
    "optimizers_fig_diverged": ("diverged at step {step}", "在第 {step} 步发散"),
    "optimizers_fig_start": ("start", "起点"),
    "optimizers_fig_minimum": ("minimum", "最小值"),
    "optimizers_fig_step": ("step", "步"),
    "optimizers_fig_loss": ("loss", "损失"),
    "optimizers_no_optimizer": ("Choose at least one optimizer.", "请至少选择一个优化器。"),
    "optimizers_bad_surface": ("Unknown surface '{name}'.", "未知的曲面 “{name}”。"),
    "optimizers_bad_optimizer": ("Unknown optimizer '{name}'.", "未知的优化器 “{name}”。"),
    "optimizers_bad_steps": (
        "Use between 1 and {limit} steps (got {steps}).",
        "步数须在 1 到 {limit} 之间（收到 {steps}）。"),
    "optimizers_bad_beta": (
        "{name} must be at least 0 and below 1 (got {value}).",
        "{name} 须不小于 0 且小于 1（收到 {value}）。"),
    "optimizers_bad_start": (
        "The start must be a point inside x {xmin} to {xmax}, y {ymin} to {ymax} (got {start}).",
        "起点须在 x 为 {xmin} 到 {xmax}、y 为 {ymin} 到 {ymax} 的范围内（收到 {start}）。"),
    "optimizers_alpha": ("α (RMSprop)", "α（RMSprop）"),
    "optimizers_rules_title": ("Update rules: the notes and torch.optim", "更新规则：笔记与 torch.optim"),
    "optimizers_rules": (
        "Per coordinate. g is the gradient at step t, η the learning rate (`lr`), ε a small constant that keeps "
        "the division finite.\n\n"
        "**SGD**\n"
        "- Notes (`003_…`): w ← w − α·g (the notes call the rate α).\n"
        "- `torch.optim.SGD`: w ← w − η·g. The same rule.\n\n"
        "**Momentum**\n"
        "- Notes (`004_…`): m ← λ·m − η·g, then θ ← θ + m.\n"
        "- Notes (`003_…`): m ← β·m + (1 − β)·g, an exponential average, then θ ← θ − η·m.\n"
        "- `torch.optim.SGD(momentum=μ)`: b ← μ·b + g, then w ← w − η·b.\n"
        "- Difference: `004_…` is torch's rule with m = −η·b and λ = μ; `003_…`'s average is (1 − β)·b, the same "
        "path at the rate η·(1 − β) (callout below).\n\n"
        "**Adagrad**\n"
        "- Notes (`004_…`, eq. 7): σ = √(mean of all g² so far), θ ← θ − (η / σ)·g.\n"
        "- Notes (`003_…`): rate = η / (mean of all g²), with no root.\n"
        "- `torch.optim.Adagrad`: s ← s + g², w ← w − η·g / (√s + ε), ε = 10⁻¹⁰.\n"
        "- Difference: torch divides by the root of the *sum*, so with a steady gradient the step shrinks as "
        "η/√t (callout below).\n\n"
        "**RMSprop**\n"
        "- Notes (`004_…`, eq. 8): σ ← √(α·σ² + (1 − α)·g²), θ ← θ − (η / σ)·g.\n"
        "- `torch.optim.RMSprop(alpha=α)`: v ← α·v + (1 − α)·g², w ← w − η·g / (√v + ε), ε = 10⁻⁸, α = 0.99 by "
        "default.\n"
        "- Difference: v is σ², so the rule is the same, with ε outside the root. torch's v starts at 0 and is "
        "not corrected for it: the first step is η/√(1 − α) in each coordinate, 10·η at α = 0.99.\n\n"
        "**Adam**\n"
        "- Notes (`004_…`, Algorithm 1 of Kingma & Ba): m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², "
        "m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), θ ← θ − η·m̂ / (√v̂ + ε).\n"
        "- `torch.optim.Adam`: the same rule; by default η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸. Its "
        "`weight_decay` adds λ·w to g (an L2 penalty).\n\n"
        "**AdamW**\n"
        "- Notes (`003_…`): the Adam update minus the decay coefficient × the current mini-batch gradient.\n"
        "- `torch.optim.AdamW(weight_decay=λ)`: w ← w − η·λ·w first, then the Adam step with g; λ = 0.01 by "
        "default.\n"
        "- Difference: the decay acts on the weights, not on the gradient (callout below).",
        "逐个坐标计算。g 是第 t 步的梯度，η 是学习率（`lr`），ε 是一个很小的常数，防止除以 0。\n\n"
        "**SGD**\n"
        "- 笔记（`003_…`）：w ← w − α·g（笔记把学习率记作 α）。\n"
        "- `torch.optim.SGD`：w ← w − η·g。规则相同。\n\n"
        "**动量**\n"
        "- 笔记（`004_…`）：m ← λ·m − η·g，然后 θ ← θ + m。\n"
        "- 笔记（`003_…`）：m ← β·m + (1 − β)·g，即指数滑动平均，然后 θ ← θ − η·m。\n"
        "- `torch.optim.SGD(momentum=μ)`：b ← μ·b + g，然后 w ← w − η·b。\n"
        "- 区别：`004_…` 就是 PyTorch 的规则，只是 m = −η·b、λ = μ；`003_…` 的平均值等于 (1 − β)·b，"
        "相当于用学习率 η·(1 − β) 走同一条路径（见下方说明）。\n\n"
        "**Adagrad**\n"
        "- 笔记（`004_…`，式 7）：σ = √(至今所有 g² 的均值)，θ ← θ − (η / σ)·g。\n"
        "- 笔记（`003_…`）：学习率 = η / (所有 g² 的均值)，没有开方。\n"
        "- `torch.optim.Adagrad`：s ← s + g²，w ← w − η·g / (√s + ε)，ε = 10⁻¹⁰。\n"
        "- 区别：PyTorch 除以的是平方*和*的平方根，所以梯度不变时步长按 η/√t 缩小（见下方说明）。\n\n"
        "**RMSprop**\n"
        "- 笔记（`004_…`，式 8）：σ ← √(α·σ² + (1 − α)·g²)，θ ← θ − (η / σ)·g。\n"
        "- `torch.optim.RMSprop(alpha=α)`：v ← α·v + (1 − α)·g²，w ← w − η·g / (√v + ε)，ε = 10⁻⁸，"
        "α 默认 0.99。\n"
        "- 区别：v 就是 σ²，规则相同，只是 ε 加在根号外。PyTorch 的 v 从 0 开始且不做修正："
        "第一步在每个坐标上走 η/√(1 − α)，α = 0.99 时是 10·η。\n\n"
        "**Adam**\n"
        "- 笔记（`004_…`，Kingma 与 Ba 的算法 1）：m ← β₁·m + (1 − β₁)·g，v ← β₂·v + (1 − β₂)·g²，"
        "m̂ = m / (1 − β₁ᵗ)，v̂ = v / (1 − β₂ᵗ)，θ ← θ − η·m̂ / (√v̂ + ε)。\n"
        "- `torch.optim.Adam`：规则相同；默认 η = 0.001，β₁ = 0.9，β₂ = 0.999，ε = 10⁻⁸。它的 "
        "`weight_decay` 是把 λ·w 加到 g 上（L2 惩罚）。\n\n"
        "**AdamW**\n"
        "- 笔记（`003_…`）：Adam 的更新量减去衰减系数 × 当前小批次梯度。\n"
        "- `torch.optim.AdamW(weight_decay=λ)`：先 w ← w − η·λ·w，再用 g 做 Adam 的一步；λ 默认 0.01。\n"
        "- 区别：衰减作用在权重上，而不是梯度上（见下方说明）。"),
    "optimizers_differs_momentum": (
        "**Where the notes differ.** Momentum is written two ways. `004_…` writes m ← λ·m − η·g, θ ← θ + m; "
        "`torch.optim.SGD(momentum=μ)` keeps b ← μ·b + g and steps w ← w − η·b. That is the same path: m = −η·b "
        "when λ = μ. `003_…`'s table makes momentum an exponential average, m ← β·m + (1 − β)·g, stepped as "
        "θ ← θ − η·m. Then m = (1 − β)·b, so it walks exactly torch's path at the learning rate η·(1 − β): with "
        "β = 0.9 its steps are ten times smaller than torch's at the same η. The race uses torch's form "
        "(PyTorch docs, `torch.optim.SGD`, which notes this difference from Sutskever et al. 2013).",
        "**与笔记不同之处。** 动量有两种写法。`004_…` 写作 m ← λ·m − η·g，θ ← θ + m；"
        "`torch.optim.SGD(momentum=μ)` 保存 b ← μ·b + g，更新 w ← w − η·b。两者路径相同：λ = μ 时 m = −η·b。"
        "`003_…` 的表格把动量写成指数滑动平均 m ← β·m + (1 − β)·g，再按 θ ← θ − η·m 更新。此时 m = (1 − β)·b，"
        "所以它走的正是 PyTorch 的路径，只是学习率变成 η·(1 − β)：β = 0.9 时，同样的 η 下它的步长只有 PyTorch 的十分之一。"
        "比赛里用的是 PyTorch 的写法（PyTorch 文档 `torch.optim.SGD`，其中也说明了它与 Sutskever 等人 2013 年写法的差别）。"),
    "optimizers_differs_adagrad": (
        "**Where the notes differ.** Adagrad's denominator. `004_…` (eq. 7) divides by the root of the *mean* of "
        "the squared gradients, σ = √(Σg² / (t + 1)); `003_…`'s table divides by the mean itself, with no root. "
        "Adagrad as published (Duchi, Hazan & Singer 2011) and as `torch.optim.Adagrad` computes it divides by the "
        "root of the *sum*: w ← w − η·g / (√(Σg²) + ε). It matters: with a steady gradient torch's step shrinks "
        "as η/√t, which is why Adagrad slows down, while the root of the mean keeps the step at η for ever, and "
        "the mean without a root makes the step scale as 1/g.",
        "**与笔记不同之处。** Adagrad 的分母。`004_…`（式 7）除以梯度平方*均值*的平方根 σ = √(Σg² / (t + 1))；"
        "`003_…` 的表格直接除以均值，没有开方。Adagrad 的原论文（Duchi、Hazan 与 Singer，2011）和 "
        "`torch.optim.Adagrad` 除以的是梯度平方*和*的平方根：w ← w − η·g / (√(Σg²) + ε)。这个差别很重要："
        "梯度不变时，PyTorch 的步长按 η/√t 缩小，这正是 Adagrad 越走越慢的原因；用均值的平方根，步长会一直保持 η；"
        "不开方的均值则让步长与 1/g 成正比。"),
    "optimizers_differs_adamw": (
        "**Where the notes differ.** AdamW's weight decay. `003_…`'s table writes AdamW as the Adam update minus "
        "the decay coefficient times the current mini-batch gradient. AdamW (Loshchilov & Hutter 2019, "
        "*Decoupled Weight Decay Regularization*) decays the weights themselves, w ← w − η·λ·w, apart from the "
        "gradient, and then takes the Adam step; the decay never passes through m or v. That is what "
        "`torch.optim.AdamW` computes. (Adam's own `weight_decay` instead adds λ·w to the gradient, an L2 "
        "penalty that the division by √v̂ then weakens for weights with large gradients.)",
        "**与笔记不同之处。** AdamW 的权重衰减。`003_…` 的表格把 AdamW 写成 Adam 的更新量减去衰减系数乘以当前小批次梯度。"
        "AdamW（Loshchilov 与 Hutter，2019，《Decoupled Weight Decay Regularization》）衰减的是权重本身："
        "w ← w − η·λ·w，与梯度无关，然后再做 Adam 的一步；衰减从不经过 m 和 v。`torch.optim.AdamW` 就是这样计算的。"
        "（Adam 自带的 `weight_decay` 则是把 λ·w 加到梯度上，即 L2 惩罚；之后除以 √v̂，会削弱梯度大的权重所受的衰减。）"),
}
