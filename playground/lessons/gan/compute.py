"""The GAN lab's error texts in English and Chinese, keyed as its PlaygroundErrors raise them. The computation lives
in distributions.py, coverage.py, losses.py, spec.py, networks.py and lab.py."""

MESSAGES = {
    "gan_bad_distribution": ("Unknown distribution **{name}**; choose one of {allowed}.",
                             "未知分布 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_noise_dim": ("The noise dimension must be a whole number from 1 to {limit}, not {value}.",
                          "噪声维度必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_hidden": ("The hidden width must be a whole number from {low} to {high}, not {value}.",
                       "隐藏层宽度必须是 {low} 到 {high} 之间的整数，而不是 {value}。"),
    "gan_bad_layers": ("The number of hidden layers must be a whole number from 1 to {limit}, not {value}.",
                       "隐藏层数必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_activation": ("Unknown activation **{name}**; choose one of {allowed}.",
                           "未知激活函数 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_lr": ("The {network} learning rate must be above 0 and at most {limit}, not {value}.",
                   "{network}的学习率必须大于 0 且不超过 {limit}，而不是 {value}。"),
    "gan_bad_d_steps": ("Discriminator steps per generator step must be a whole number from 1 to {limit}, "
                        "not {value}.",
                        "每个生成器步对应的判别器步数必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_batch_size": ("The batch size must be a whole number from {low} to {high}, not {value}.",
                           "批量大小必须是 {low} 到 {high} 之间的整数，而不是 {value}。"),
    "gan_bad_loss": ("Unknown generator loss **{name}**; choose one of {allowed}.",
                     "未知生成器损失 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_seed": ("The seed must be a whole number from 0 to {limit}, not {value}.",
                     "随机种子必须是 0 到 {limit} 之间的整数，而不是 {value}。"),
    "gan_bad_preset": ("Unknown preset **{name}**; choose one of {allowed}.",
                       "未知预设 **{name}**；请从 {allowed} 中选择。"),
    "gan_bad_steps": ("The number of steps must be a whole number from 1 to {limit}, not {steps}.",
                      "步数必须是 1 到 {limit} 之间的整数，而不是 {steps}。"),
    "gan_step_limit": ("This lab has taken {done} generator steps; at most {limit} in all. Start a new one to go on.",
                       "本实验已进行 {done} 个生成器步，总共最多 {limit} 步。请新开一个实验继续。"),
    "gan_bad_score": ("A discriminator score is a probability strictly between 0 and 1; {name} = {value} is not.",
                      "判别器的打分是严格介于 0 和 1 之间的概率；{name} = {value} 不是。"),
}
