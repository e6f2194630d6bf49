"""The schedules lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_schedules": ("Learning-rate schedules", "学习率调度"),
    "schedules_intro": (
        "How the learning rate changes over a run. The first four kinds are the Train tab's, computed by the "
        "trainer's own code (a `LambdaLR` over `lr_factor`): optimiser step k runs at peak_lr × factor. A warm-up "
        "climbs linearly from peak_lr / warmup_steps to peak_lr; after it, **constant** keeps the rate, **step** "
        "multiplies it by 0.1 at half the run and again at three quarters, **linear** lowers it to 0 and "
        "**cosine** follows half a cosine down to 0. **transformer** is the schedule of *Attention Is All You "
        "Need* (§5.3): d_model^−0.5 · min(step^−0.5, step · warmup_steps^−1.5), a straight climb for warmup_steps "
        "steps, then a fall as 1/√step; it sets its own peak, so peak_lr is not used.\n\n"
        "**Why warm up?** The notes (`004_…`) name the danger: the adaptive step η/σ is only as good as σ. At the "
        "start σ rests on a handful of gradients (the running average of g² in RMSprop and Adam starts from 0), "
        "taken at weights that are still random, so the first steps can be far too large and throw the weights "
        "somewhere bad. Starting small and raising the rate gives those estimates time to settle before the full "
        "rate is used; lowering it again at the end lets the weights settle into a minimum instead of bouncing "
        "around it.",
        "学习率在一次训练中如何变化。前四种是“训练”页提供的调度，由训练器自己的代码计算（`LambdaLR` 加上 "
        "`lr_factor`）：第 k 步优化的学习率是 peak_lr × 系数。预热阶段从 peak_lr / warmup_steps 线性升到 "
        "peak_lr；之后，**常数** 保持不变，**阶梯** 在训练进行到一半时乘以 0.1，到四分之三时再乘一次，"
        "**线性** 降到 0，**余弦** 沿半个余弦周期降到 0。**Transformer** 是《Attention Is All You "
        "Need》（第 5.3 节）的调度：`d_model^−0.5 · min(step^−0.5, step · warmup_steps^−1.5)`，先在 warmup_steps "
        "步内直线上升，然后按 1/√步数 下降；它的峰值由公式决定，所以不使用 peak_lr。\n\n"
        "**为什么要预热？** 笔记（`004_…`）指出了风险：自适应的步长 η/σ 取决于 σ 是否可靠。训练刚开始时，"
        "σ 只基于寥寥几个梯度（RMSprop 和 Adam 中 g² 的滑动平均从 0 开始），而这些梯度又是在仍然随机的权重上算出来的，"
        "所以最初几步可能大得离谱，把权重甩到很差的地方。先用小学习率再逐步调大，让这些估计有时间稳定下来，"
        "再用上完整的学习率；训练末尾再把学习率降下来，权重才能落进极小值，而不是在它周围来回跳。"),
    "schedules_kind": ("Schedule", "调度方式"),
    "schedules_kind_constant": ("constant (after warm-up)", "常数（预热后不变）"),
    "schedules_kind_step": ("step (×0.1 at ½ and ¾)", "阶梯（在 ½ 和 ¾ 处 ×0.1）"),
    "schedules_kind_linear": ("linear decay to 0", "线性（降到 0）"),
    "schedules_kind_cosine": ("cosine decay to 0", "余弦（降到 0）"),
    "schedules_kind_transformer": ("transformer (Vaswani et al.)", "Transformer（Vaswani 等）"),
    "schedules_peak_lr": ("Peak learning rate", "峰值学习率"),
    "schedules_peak_lr_info": ("Not used by transformer.", "Transformer 调度不使用此项。"),
    "schedules_warmup_steps": ("Warm-up steps", "预热步数"),
    "schedules_total_steps": ("Total steps", "总步数"),
    "schedules_d_model": ("d_model (model width)", "d_model（模型维度）"),
    "schedules_d_model_info": ("Used by transformer only.", "仅 Transformer 调度使用。"),
    "schedules_plot": ("Learning rate at each step", "每一步的学习率"),
    "schedules_json": ("The rates as JSON (lr[k − 1] is step k's)", "学习率的 JSON（lr[k − 1] 是第 k 步的）"),
    "schedules_summary": (
        "Peak {peak} at step {step}; at the last step, {last}: {final}.",
        "峰值 {peak}，在第 {step} 步；最后一步（第 {last} 步）：{final}。"),
    "schedules_fig_step": ("step", "步"),
    "schedules_fig_lr": ("learning rate", "学习率"),
    "schedules_fig_warmup": ("warm-up", "预热"),
    "schedules_fig_peak": ("peak {lr} at step {step}", "峰值 {lr}，在第 {step} 步"),
    "schedules_bad_kind": ("Unknown schedule '{name}'.", "未知的调度方式 “{name}”。"),
    "schedules_bad_total": (
        "Total steps must be a whole number from {low} to {high} (got {value}).",
        "总步数须是 {low} 到 {high} 之间的整数（收到 {value}）。"),
    "schedules_bad_warmup": (
        "Warm-up steps must be a whole number from {low} to {high} (got {value}); the transformer schedule needs "
        "at least 1.",
        "预热步数须是 {low} 到 {high} 之间的整数（收到 {value}）；Transformer 调度至少需要 1 步。"),
    "schedules_bad_d_model": (
        "d_model must be a whole number from {low} to {high} (got {value}).",
        "d_model 须是 {low} 到 {high} 之间的整数（收到 {value}）。"),
    "schedules_bad_lr": (
        "The peak learning rate must be above 0 and at most {limit} (got {value}).",
        "峰值学习率须大于 0 且不超过 {limit}（收到 {value}）。"),
    "schedules_differs_weight_decay": (
        "**Where the notes differ.** `004_…` heads its picture of a falling learning rate “Weight Decay” and says "
        "weight decay keeps lowering the learning rate. That is *learning-rate decay*, a schedule like the ones "
        "here. Weight decay is something else: it shrinks the weights themselves at every step, w ← w − η·λ·w "
        "(`weight_decay` in `torch.optim`; decoupled from the gradient in AdamW, Loshchilov & Hutter 2019), and "
        "leaves the learning rate alone.",
        "**与笔记不同之处。** `004_…` 把学习率逐步下降的那张图标为《Weight Decay》，并说权重衰减是持续让学习率逐步减少。"
        "这其实是*学习率衰减*，也就是这里这类调度。权重衰减是另一回事：它在每一步缩小权重本身，w ← w − η·λ·w"
        "（即 `torch.optim` 中的 `weight_decay`；在 AdamW 中与梯度解耦，见 Loshchilov 与 Hutter，2019），"
        "学习率并不因此改变。"),
}
