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
    "optimizers_beta2": ("β₂ (Adam, AdamW; RMSprop's α)", "β₂（Adam、AdamW；RMSprop 的 α）"),
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
}
