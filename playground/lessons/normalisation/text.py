"""The normalisation lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_normalisation": ("BatchNorm vs LayerNorm", "BatchNorm 与 LayerNorm"),
    "normalisation_norm_intro": (
        "Both normalise to mean 0 and variance 1, then scale by γ and shift by β (learnt). **BatchNorm** computes "
        "one mean and variance per channel (per feature), over the whole batch: good when samples are alike, as "
        "images are. **LayerNorm** computes them per sample (per token), over its own features: independent of the "
        "batch, as Transformers need.",
        "两者都先归一化到均值 0、方差 1，再乘以 γ、加上 β（可学习）。**BatchNorm** 对每个通道（每个特征）"
        "在整个批次上求一个均值和方差：适合样本彼此相似的情形，比如图像。**LayerNorm** 对每个样本（每个词元）"
        "在它自己的特征上求：与批次无关，正是 Transformer 所需要的。"),
    "normalisation_layout": ("Tensor", "张量"),
    "normalisation_layout_image": ("images (B, C, H, W)", "图像 (B, C, H, W)"),
    "normalisation_layout_sequence": ("sequences (B, T, D)", "序列 (B, T, D)"),
    "normalisation_norm_kind": ("Normalisation", "归一化方式"),
    "normalisation_norm_batch": ("BatchNorm", "BatchNorm"),
    "normalisation_norm_layer": ("LayerNorm", "LayerNorm"),
    "normalisation_shape": ("Shape", "形状"),
    "normalisation_shape_info": (
        "B x C x H x W for images, B x T x D for sequences. Press Enter.",
        "图像为 B x C x H x W，序列为 B x T x D。按回车确认。"),
    "normalisation_norm_axes": ("Which values share one mean and variance", "哪些值共用一个均值和方差"),
    "normalisation_norm_hist": ("Values before and after", "归一化前后的数值分布"),
    "normalisation_norm_text": (
        "**{kind}** averages over {axes}: {n} values per statistic, {stats} statistics. After it: mean {mean}, "
        "standard deviation {std} (before γ and β, these would be 0 and 1 in every group).",
        "**{kind}** 在 {axes} 上求平均：每个统计量包含 {n} 个值，共 {stats} 个统计量。归一化后：均值 {mean}，"
        "标准差 {std}（乘 γ、加 β 之前，每组都应是 0 和 1）。"),
    "normalisation_axis_image_0": ("samples (B)", "样本（B）"),
    "normalisation_axis_image_1": ("channels (C)", "通道（C）"),
    "normalisation_axis_image_2": ("height (H)", "高度（H）"),
    "normalisation_axis_image_3": ("width (W)", "宽度（W）"),
    "normalisation_axis_sequence_0": ("samples (B)", "样本（B）"),
    "normalisation_axis_sequence_1": ("steps (T)", "时间步（T）"),
    "normalisation_axis_sequence_2": ("features (D)", "特征（D）"),
    "normalisation_fig_batch": ("BatchNorm", "BatchNorm"),
    "normalisation_fig_layer": ("LayerNorm", "LayerNorm"),
    "normalisation_fig_sample": ("sample", "样本"),
    "normalisation_fig_channel": ("channel", "通道"),
    "normalisation_fig_token": ("token", "词元"),
    "normalisation_fig_feature": ("feature", "特征"),
    "normalisation_fig_shared": ("shares the first statistic", "与第一个统计量同组"),
    "normalisation_fig_other": ("other groups", "其他组"),
    "normalisation_fig_per_statistic": ("values per statistic", "每个统计量的值数"),
    "normalisation_fig_before": ("before", "归一化前"),
    "normalisation_fig_value": ("value", "值"),
    "normalisation_fig_count": ("count", "个数"),
    "normalisation_fig_mean": ("mean", "均值"),
    "normalisation_fig_std": ("standard deviation", "标准差"),
    "normalisation_fig_after": ("after", "归一化后"),
    "normalisation_bad_norm": ("Unknown normalisation or tensor layout.", "未知的归一化方式或张量布局。"),
    "normalisation_bad_shape": (
        "'{shape}' is not a shape this view takes: 4 sizes for images, 3 for sequences, each from 1 to {limit}, at "
        "most {max_elements} values in all.",
        "“{shape}” 不是这里能用的形状：图像 4 个维度、序列 3 个维度，每维 1 到 {limit}，总共不超过 {max_elements} "
        "个值。"),
    "normalisation_bn_batch_one": (
        "BatchNorm needs more than one value per channel: with one sample, make H x W (or T) larger than 1.",
        "BatchNorm 每个通道需要不止一个值：只有一个样本时，请让 H x W（或 T）大于 1。"),
    "normalisation_bad_affine": (
        "γ and β must be finite numbers between -{limit} and {limit} (got γ = {gamma}, β = {beta}).",
        "γ 和 β 必须是 -{limit} 到 {limit} 之间的有限数（收到 γ = {gamma}，β = {beta}）。"),
}
