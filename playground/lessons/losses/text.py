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
}
