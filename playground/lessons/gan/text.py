"""The gan lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_gan": ("GAN", "GAN"),
    "gan_intro": (
        "Two small networks play a game on points in the plane. The **generator** G turns random noise z into "
        "points; the **discriminator** D scores each point with the probability that it is real. Both learn with "
        "Adam, as in the notes: D minimises −(log D(x) + log(1 − D(G(z)))), G minimises log(1 − D(G(z))) (or, in "
        "the non-saturating form, −log D(G(z))). The background is D's score; the short lines show where the "
        "generator's loss pushes each generated point.",
        "两个小网络在平面上的点上博弈。**生成器** G 把随机噪声 z 变成点；**判别器** D 给每个点打分，"
        "即它是真实样本的概率。两者都用 Adam 训练，与笔记一致：D 最小化 −(log D(x) + log(1 − D(G(z))))，G 最小化 "
        "log(1 − D(G(z)))（非饱和形式为 −log D(G(z))）。背景是 D 的打分；短线表示生成器的损失把每个生成点推向何处。"),
    "gan_preset": ("Preset", "预设"),
    "gan_preset_default": ("Learns the ring", "学会圆环"),
    "gan_preset_mode_collapse": ("Mode collapse", "模式崩溃"),
    "gan_distribution": ("Real data", "真实数据"),
    "gan_dist_ring": ("8 Gaussians on a ring", "圆环上的 8 个高斯"),
    "gan_dist_grid": ("5 × 5 grid of Gaussians", "5 × 5 高斯网格"),
    "gan_dist_rings": ("Two rings", "两个圆环"),
    "gan_dist_spiral": ("Spiral", "螺旋"),
    "gan_dist_line": ("A line", "一条线段"),
    "gan_dist_gaussian": ("One Gaussian", "单个高斯"),
    "gan_g_loss": ("Generator loss", "生成器损失"),
    "gan_g_loss_info": (
        "The notes' log(1 − D(G(z))) barely moves G while D wins easily",
        "当 D 轻松获胜时，笔记中的 log(1 − D(G(z))) 几乎推不动 G"),
    "gan_loss_minimax": ("log(1 − D(G(z))) (the notes)", "log(1 − D(G(z)))（笔记）"),
    "gan_loss_non_saturating": ("−log D(G(z)) (non-saturating)", "−log D(G(z))（非饱和）"),
    "gan_lr_g": ("Generator learning rate", "生成器学习率"),
    "gan_lr_d": ("Discriminator learning rate", "判别器学习率"),
    "gan_d_steps": ("D steps per G step", "每个 G 步的 D 步数"),
    "gan_hidden": ("Hidden width", "隐藏层宽度"),
    "gan_steps": ("Generator steps", "生成器步数"),
    "gan_seed": ("Seed", "随机种子"),
    "gan_train": ("Train", "训练"),
    "gan_stop": ("Stop", "停止"),
    "gan_field_plot": ("Real and generated points over D's score", "D 的打分上的真实点与生成点"),
    "gan_loss_plot": ("Losses and scores", "损失与打分"),
    "gan_status": (
        "Step {step} of {total}: D loss {d_loss}, G loss {g_loss}; mean D(x) = {d_real}, D(G(z)) = {d_fake}.",
        "第 {step} / {total} 步：D 损失 {d_loss}，G 损失 {g_loss}；平均 D(x) = {d_real}，D(G(z)) = {d_fake}。"),
    "gan_status_stopped": (
        "Stopped at step {step} of {total}: D loss {d_loss}, G loss {g_loss}; mean D(x) = {d_real}, "
        "D(G(z)) = {d_fake}.",
        "在第 {step} / {total} 步停止：D 损失 {d_loss}，G 损失 {g_loss}；平均 D(x) = {d_real}，D(G(z)) = {d_fake}。"),
    "gan_coverage": (
        "Modes covered: **{covered} of {modes}** ({share} of generated points near a mode).",
        "覆盖的模式：**{modes} 个中的 {covered} 个**（{share} 的生成点靠近某个模式）。"),
    "gan_losses_intro": (
        "**The two losses by hand.** Move D's scores: at the equilibrium D(x) = D(G(z)) = 0.5, D's loss is 2 ln 2 "
        "≈ 1.386 and the notes' generator loss ln 0.5 ≈ −0.693.",
        "**手算两个损失。** 调节 D 的打分：在均衡点 D(x) = D(G(z)) = 0.5 时，D 的损失是 2 ln 2 ≈ 1.386，"
        "笔记中的生成器损失是 ln 0.5 ≈ −0.693。"),
    "gan_losses_worked": (
        "With D(x) = {real} and D(G(z)) = {fake}:\n\n- D loss = −(log {real} + log(1 − {fake})) = **{d_loss}**\n- "
        "G loss (notes) = log(1 − {fake}) = **{minimax}**\n- G loss (non-saturating) = −log {fake} = "
        "**{non_saturating}**",
        "当 D(x) = {real}、D(G(z)) = {fake} 时：\n\n- D 损失 = −(log {real} + log(1 − {fake})) = **{d_loss}**\n- G "
        "损失（笔记）= log(1 − {fake}) = **{minimax}**\n- G 损失（非饱和）= −log {fake} = **{non_saturating}**"),
    "gan_fig_step": ("generator step", "生成器步"),
    "gan_fig_equilibrium": ("D = 0.5 everywhere", "D 处处为 0.5"),
    "gan_fig_loss": ("loss", "损失"),
    "gan_fig_score": ("mean score", "平均打分"),
    "gan_fig_probability": ("D(x)", "D(x)"),
    "gan_fig_real": ("real", "真实"),
    "gan_fig_fake": ("generated", "生成"),
    "gan_fig_gradient": ("push of the G loss", "G 损失的推动方向"),
    "gan_fig_d_loss": ("D loss", "D 损失"),
    "gan_fig_g_loss": ("G loss", "G 损失"),
    "gan_fig_d_real": ("D(x), real", "D(x)，真实"),
    "gan_fig_d_fake": ("D(G(z)), generated", "D(G(z))，生成"),
    "gan_bad_distribution": (
        "Unknown distribution **{name}**; choose one of {allowed}.",
        "未知分布 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_noise_dim": (
        "The noise dimension must be a whole number from 1 to {limit}, not {value}.",
        "噪声维度必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_hidden": (
        "The hidden width must be a whole number from {low} to {high}, not {value}.",
        "隐藏层宽度必须是 {low} 到 {high} 之间的整数，而不是 {value}。"),
    "gan_bad_layers": (
        "The number of hidden layers must be a whole number from 1 to {limit}, not {value}.",
        "隐藏层数必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_activation": (
        "Unknown activation **{name}**; choose one of {allowed}.",
        "未知激活函数 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_lr": (
        "The {network} learning rate must be above 0 and at most {limit}, not {value}.",
        "{network}的学习率必须大于 0 且不超过 {limit}，而不是 {value}。"),
    "gan_bad_d_steps": (
        "Discriminator steps per generator step must be a whole number from 1 to {limit}, not {value}.",
        "每个生成器步对应的判别器步数必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_batch_size": (
        "The batch size must be a whole number from {low} to {high}, not {value}.",
        "批量大小必须是 {low} 到 {high} 之间的整数，而不是 {value}。"),
    "gan_bad_loss": (
        "Unknown generator loss **{name}**; choose one of {allowed}.",
        "未知生成器损失 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_seed": (
        "The seed must be a whole number from 0 to {limit}, not {value}.",
        "随机种子必须是 0 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_preset": (
        "Unknown preset **{name}**; choose one of {allowed}.",
        "未知预设 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_steps": (
        "The number of steps must be a whole number from 1 to {limit}, not {steps}.",
        "步数必须是 1 到 {limit} 之间的整数，而不是 {steps}。"),
    "gan_step_limit": (
        "This lab has taken {done} generator steps; at most {limit} in all. Start a new one to go on.",
        "本实验已进行 {done} 个生成器步，总共最多 {limit} 步。请新开一个实验继续。"),
    "gan_bad_score": (
        "A discriminator score is a probability strictly between 0 and 1; {name} = {value} is not.",
        "判别器的打分是严格介于 0 和 1 之间的概率；{name} = {value} 不是。"),
}
