"""The seq2seq lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_seq2seq": ("Seq2seq and BLEU", "Seq2seq 与 BLEU"),
    "seq2seq_intro": (
        "A GRU encoder reads a string of digits; its final state starts a GRU decoder that writes the answer one "
        "digit at a time. **Teacher forcing** (top row of the figure, how it was trained): at every step the "
        "decoder is fed the *correct* previous digit. **Free-running** (bottom row, how it is used): it is fed its "
        "*own* previous guess, so one mistake can lead to more. The free-running answer is scored with BLEU.",
        "GRU 编码器读入一串数字，它的最终状态作为 GRU 解码器的初始状态，解码器逐个写出答案。**强制教学**"
        "（图中上行，训练时的方式）：每一步都给解码器输入*正确的*上一个数字。**自由生成**（下行，"
        "使用时的方式）：输入它*自己*上一步的猜测，所以一个错误可能引出更多错误。自由生成的答案用 BLEU 打分。"),
    "seq2seq_task": ("Task", "任务"),
    "seq2seq_task_reverse": ("Reverse", "反转"),
    "seq2seq_task_sort": ("Sort", "排序"),
    "seq2seq_task_copy": ("Copy", "复制"),
    "seq2seq_model": ("Model", "模型"),
    "seq2seq_model_shipped": ("Shipped (trained with teacher forcing)", "随应用提供（用强制教学训练）"),
    "seq2seq_model_lab": ("Trained below", "在下方训练的"),
    "seq2seq_digits": ("Digits", "数字"),
    "seq2seq_digits_info": (
        "Up to 16 digits; the shipped models learnt strings of 8.",
        "最多 16 个数字；随应用提供的模型学的是长度为 8 的串。"),
    "seq2seq_decode": ("Decode", "解码"),
    "seq2seq_decoding_plot": ("Teacher-forced vs free-running decoding", "强制教学与自由生成解码对比"),
    "seq2seq_bleu_plot": ("BLEU of the free-running answer", "自由生成答案的 BLEU"),
    "seq2seq_train_intro": (
        "**Train your own.** The teacher-forcing ratio is the chance that the decoder is fed the true previous "
        "digit at each training step (1: always, as in the notes; 0: always its own guess, as at test time; in "
        "between: scheduled sampling). Watch the gap between the teacher-forced and the free-running accuracy: the "
        "model is graded on a situation it never practised.",
        "**自己训练一个。** 强制教学比例是训练时每一步给解码器输入真实上一个数字的概率（1：总是，"
        "如笔记所述；0：总是用自己的猜测，和测试时一样；介于两者之间：计划采样）。留意强制教学"
        "准确率与自由生成准确率之间的差距：模型在测试时面对的是训练中从未练习过的情形。"),
    "seq2seq_teacher_forcing": ("Teacher-forcing ratio", "强制教学比例"),
    "seq2seq_teacher_forcing_info": ("1 = always feed the correct previous digit", "1 = 总是输入正确的上一个数字"),
    "seq2seq_length": ("Training length (digits)", "训练串长度（数字个数）"),
    "seq2seq_steps": ("Steps", "步数"),
    "seq2seq_lr": ("Learning rate", "学习率"),
    "seq2seq_seed": ("Seed", "随机种子"),
    "seq2seq_train": ("Train", "训练"),
    "seq2seq_stop": ("Stop", "停止"),
    "seq2seq_curves_plot": ("Learning curves", "学习曲线"),
    "seq2seq_bleu_intro": (
        "**BLEU, as the notes define it:** BLEU = exp(min(0, 1 − len(label)/len(pred))) × ∏ₙ pₙ^(1/2ⁿ), where pₙ "
        "is the share of the prediction's n-grams found in the label (each label n-gram used at most as often as "
        "it occurs). The first factor penalises short predictions; the weights 1/2ⁿ give long matches more weight. "
        "The boxes start on the notes' example.",
        "**笔记中的 BLEU 定义：** BLEU = exp(min(0, 1 − len(标签)/len(预测))) × ∏ₙ pₙ^(1/2ⁿ)，其中 pₙ 是预测中的 "
        "n 元语法出现在标签里的比例（标签中的每个 n 元语法最多按其出现次数匹配）。第一个因子惩罚过短的预测；权重 "
        "1/2ⁿ 让长匹配占更大比重。输入框里预先填好了笔记中的例子。"),
    "seq2seq_label": ("Label (reference)", "标签（参考答案）"),
    "seq2seq_pred": ("Prediction", "预测"),
    "seq2seq_k": ("Largest n-gram order k", "最大 n 元语法阶数 k"),
    "seq2seq_calc_plot": ("n-gram precisions and their factors", "各阶 n 元语法精度及其因子"),
    "seq2seq_col_matches": ("matches / n-grams", "匹配数 / n 元语法数"),
    "seq2seq_col_p": ("pₙ", "pₙ"),
    "seq2seq_col_weight": ("weight 1/2ⁿ", "权重 1/2ⁿ"),
    "seq2seq_col_factor": ("pₙ^(1/2ⁿ)", "pₙ^(1/2ⁿ)"),
    "seq2seq_bleu_result": (
        "Brevity penalty exp(min(0, 1 − {label}/{pred})) = **{bp}**; BLEU = **{score}**.",
        "长度惩罚 exp(min(0, 1 − {label}/{pred})) = **{bp}**；BLEU = **{score}**。"),
    "seq2seq_bleu_short": (
        "The prediction has {n} tokens, fewer than k = {k}: some pₙ has no n-grams to count, so BLEU is 0 here "
        "(lower k to score it).",
        "预测只有 {n} 个词元，少于 k = {k}：某些 pₙ 没有可数的 n 元语法，因此这里 BLEU 为 0（调小 k 即可打分）。"),
    "seq2seq_decoded": (
        "**Source** {source} → **target** {target}\n\nTeacher-forced: {forced} ({forced_acc} right) · "
        "free-running: {free} ({free_acc} right) · BLEU (k = {k}) of the free-running answer: **{bleu}**",
        "**输入** {source} → **目标** {target}\n\n强制教学：{forced}（{forced_acc} 正确）· 自由生成："
        "{free}（{free_acc} 正确）· 自由生成答案的 BLEU（k = {k}）：**{bleu}**"),
    "seq2seq_diverged": (
        "Free-running decoding first goes wrong at position {position}; from there on it is fed its own mistake.",
        "自由生成解码在第 {position} 位首次出错；此后它的输入就是自己的错误。"),
    "seq2seq_training": (
        "Step {step} of {total}: teacher-forced accuracy {forced}, free-running {free} (whole answers right: "
        "{seq}), mean BLEU {bleu}.",
        "第 {step} / {total} 步：强制教学准确率 {forced}，自由生成 {free}（整串答对：{seq}），平均 BLEU "
        "{bleu}。"),
    "seq2seq_no_lab": (
        "Nothing has been trained in this lab yet: press Train below, or choose the shipped model.",
        "本实验还没有训练过模型：请按下方的“训练”，或选择随应用提供的模型。"),
    "seq2seq_lab_other_task": (
        "The model trained below learnt the {task} task; choose that task or train again.",
        "下方训练的模型学的是 {task} 任务；请选择该任务或重新训练。"),
    "seq2seq_no_shipped": (
        "No shipped model for the {task} task: train one below.",
        "{task} 任务没有随应用提供的模型：请在下方训练一个。"),
    "seq2seq_fig_source": ("source", "输入"),
    "seq2seq_fig_target": ("target", "目标"),
    "seq2seq_fig_forced": ("teacher-forced", "强制教学"),
    "seq2seq_fig_free": ("free-running", "自由生成"),
    "seq2seq_fig_position": ("position", "位置"),
    "seq2seq_fig_fed": ("fed", "输入"),
    "seq2seq_fig_chosen": ("chosen", "选中"),
    "seq2seq_fig_true_token": ("target token", "目标词元"),
    "seq2seq_fig_first_divergence": ("first mistake", "首个错误"),
    "seq2seq_fig_right": ("right", "正确"),
    "seq2seq_fig_wrong": ("wrong", "错误"),
    "seq2seq_fig_ngram": ("{n}-gram", "{n} 元"),
    "seq2seq_fig_precision": ("precision pₙ", "精度 pₙ"),
    "seq2seq_fig_factor": ("factor pₙ^(1/2ⁿ)", "因子 pₙ^(1/2ⁿ)"),
    "seq2seq_fig_weight": ("weight", "权重"),
    "seq2seq_fig_brevity": ("brevity penalty", "长度惩罚"),
    "seq2seq_fig_score": ("BLEU", "BLEU 分数"),
    "seq2seq_fig_undefined": ("no n-grams", "无 n 元语法"),
    "seq2seq_fig_too_short": ("shorter than k: BLEU is 0", "短于 k：BLEU 为 0"),
    "seq2seq_fig_accuracy": ("accuracy", "准确率"),
    "seq2seq_fig_loss_title": ("loss", "损失"),
    "seq2seq_fig_step": ("step", "步"),
    "seq2seq_fig_forced_accuracy": ("teacher-forced accuracy", "强制教学准确率"),
    "seq2seq_fig_free_accuracy": ("free-running accuracy", "自由生成准确率"),
    "seq2seq_fig_free_sequence_accuracy": ("whole answers right", "整串答对比例"),
    "seq2seq_fig_bleu": ("mean BLEU", "平均 BLEU"),
    "seq2seq_fig_train_loss": ("training loss", "训练损失"),
    "seq2seq_fig_loss": ("test loss (teacher-forced)", "测试损失（强制教学）"),
    "seq2seq_bad_task": (
        "Unknown task **{task}**; choose one of {allowed}.",
        "未知任务 **{task}**；请从 {allowed} 中选择。"),
    "seq2seq_empty": ("Type a string of digits, e.g. 31415.", "请输入一串数字，例如 31415。"),
    "seq2seq_not_digits": ("Only the digits 0–9 can be read; found: {symbols}.", "只能读入数字 0–9；发现了：{symbols}。"),
    "seq2seq_too_long": ("{n} digits is too long: at most {limit}.", "{n} 个数字太长了：最多 {limit} 个。"),
    "seq2seq_not_seq2seq": (
        "This model is not an encoder-decoder (it needs encode and decode).",
        "该模型不是编码器-解码器（需要 encode 和 decode）。"),
    "seq2seq_bleu_empty": (
        "Type a sequence: tokens separated by spaces, or characters without spaces.",
        "请输入一个序列：用空格分隔的词元，或不带空格的字符。"),
    "seq2seq_bleu_too_long": ("{n} tokens is too long: at most {limit}.", "{n} 个词元太长了：最多 {limit} 个。"),
    "seq2seq_bleu_bad_k": (
        "The largest n-gram order k must be a whole number from {low} to {high}, not {k}.",
        "最大 n 元语法阶数 k 必须是 {low} 到 {high} 之间的整数，而不是 {k}。"),
    "seq2seq_bad_length": (
        "The sequence length must be a whole number from {low} to {high}, not {value}.",
        "序列长度必须是 {low} 到 {high} 之间的整数，而不是 {value}。"),
    "seq2seq_bad_teacher_forcing": (
        "The teacher-forcing ratio must be a number from 0 to 1, not {value}.",
        "强制教学比例必须是 0 到 1 之间的数，而不是 {value}。"),
    "seq2seq_bad_lr": (
        "The learning rate must be above 0 and at most {limit}, not {value}.",
        "学习率必须大于 0 且不超过 {limit}，而不是 {value}。"),
    "seq2seq_bad_batch_size": (
        "The batch size must be a whole number from {low} to {high}, not {value}.",
        "批量大小必须是 {low} 到 {high} 之间的整数，而不是 {value}。"),
    "seq2seq_bad_seed": (
        "The seed must be a whole number from 0 to {limit}, not {value}.",
        "随机种子必须是 0 到 {limit} 之间的整数，而不是 {value}。"),
    "seq2seq_bad_steps": (
        "The number of steps must be a whole number from 1 to {limit}, not {steps}.",
        "步数必须是 1 到 {limit} 之间的整数，而不是 {steps}。"),
    "seq2seq_step_limit": (
        "This lab has trained {done} steps; at most {limit} in all. Start a new one to go on.",
        "本实验已训练 {done} 步，总共最多 {limit} 步。请新开一个实验继续。"),
    # Beam search
    "seq2seq_beam_intro": (
        "**Beam search.** Greedy decoding keeps one answer and takes the likeliest next digit each time; a digit "
        "that looks best now can lead to a worse answer overall. Beam search keeps the *width* likeliest partial "
        "answers (hypotheses): at each step it extends every one by every token and keeps the width best by their "
        "sum of log-probabilities, log p(y₁ … y_t) = Σ log p(y_s | y₁ … y_{s−1}, source). Width 1 is exactly greedy "
        "decoding. **Length:** every answer here has as many digits as the source, so the search runs exactly that "
        "many steps; a hypothesis that chose `<eos>` would leave the beam finished (drawn as a square). Hypotheses "
        "are ranked by the plain sum: dividing by length^α (length normalisation, Wu et al. 2016) only matters when "
        "finished answers differ in length, and here they never do.",
        "**束搜索。** 贪心解码只保留一个答案，每一步都取最可能的下一个数字；眼下最好的数字，"
        "可能让整个答案变差。束搜索保留*束宽*个最可能的部分答案（假设）：每一步把每个假设用每个词元各延长一次，"
        "再按对数概率之和 log p(y₁ … y_t) = Σ log p(y_s | y₁ … y_{s−1}, 输入) 保留最好的束宽个。束宽为 1 "
        "就是贪心解码。**长度**：这里每个答案的数字个数都与输入相同，所以搜索恰好进行这么多步；选了 `<eos>` "
        "的假设会作为已完成的答案离开束（画成方块）。假设按对数概率之和直接排序：除以 长度^α（长度归一化，"
        "Wu 等人 2016）只在已完成答案长度不同时才起作用，而这里长度总是相同。"),
    "seq2seq_beam_width": ("Beam width", "束宽"),
    "seq2seq_beam_width_info": ("1 = greedy decoding", "1 = 贪心解码"),
    "seq2seq_beam_run": ("Search", "搜索"),
    "seq2seq_beam_plot": ("The beam, step by step, against greedy", "逐步展开的束与贪心解码对比"),
    "seq2seq_beam_col_rank": ("rank", "排名"),
    "seq2seq_beam_col_answer": ("answer", "答案"),
    "seq2seq_beam_col_total": ("Σ log p", "Σ log p"),
    "seq2seq_beam_col_p": ("p (whole answer)", "p（整个答案）"),
    "seq2seq_beam_same": (
        "With width {width}, beam search ends on the same answer as greedy decoding.",
        "束宽为 {width} 时，束搜索得到的答案与贪心解码相同。"),
    "seq2seq_beam_better": (
        "With width {width}, beam search finds an answer **{ratio} times** as likely as greedy decoding's.",
        "束宽为 {width} 时，束搜索找到的答案的概率是贪心解码答案的 **{ratio} 倍**。"),
    "seq2seq_beam_worse": (
        "With width {width}, greedy's answer was pruned from the beam and beam search ends on a less likely one: a "
        "beam is not an exhaustive search.",
        "束宽为 {width} 时，贪心解码的答案在途中被剪掉，束搜索得到的答案反而概率更低：束搜索并不是穷举搜索。"),
    "seq2seq_beam_target": ("The correct answer: {target} ({n} digits).", "正确答案：{target}（{n} 个数字）。"),
    "seq2seq_beam_fig_step": ("tokens so far", "已生成的词元数"),
    "seq2seq_beam_fig_start": ("start", "开始"),
    "seq2seq_beam_fig_greedy": ("greedy", "贪心"),
    "seq2seq_beam_fig_kept": ("kept hypotheses", "保留的假设"),
    "seq2seq_beam_fig_best": ("beam's best", "束搜索最优"),
    "seq2seq_beam_fig_token": ("token", "词元"),
    "seq2seq_beam_fig_token_logp": ("log p of this token", "该词元的 log p"),
    "seq2seq_beam_fig_total_logp": ("Σ log p so far", "到此为止的 Σ log p"),
    "seq2seq_beam_fig_width": ("width", "束宽"),
    "seq2seq_bad_width": (
        "The beam width must be a whole number from 1 to {limit}, not {value}.",
        "束宽必须是 1 到 {limit} 之间的整数，而不是 {value}。"),
    # The padding mask in the loss
    "seq2seq_padding_intro": (
        "**The padding mask in the loss.** Targets in a batch differ in length, so the shorter ones are filled up "
        "with `<pad>` to the longest. The decoder still outputs a prediction at every position, padding included, "
        "and cross-entropy gives each one a loss. Training must count only the real tokens: loss = Σ m·ℓ / Σ m, "
        "with mask m = 1 on real tokens and 0 on padding (the lab's training loss does this; PyTorch's "
        "`cross_entropy(..., ignore_index=pad)` gives the same number). The plain mean over every position lets "
        "padding, which is no part of any answer, move the loss and its gradient. Each source is encoded on its "
        "own here, so only the targets are padded.",
        "**损失中的填充掩码。** 一个批次里的目标序列长短不一，较短的要用 `<pad>` 补到最长的长度。解码器在每个位置"
        "（包括填充位置）都会输出预测，交叉熵给每个位置一个损失。训练时只能计入真实词元：损失 = Σ m·ℓ / Σ m，"
        "掩码 m 在真实词元处为 1、在填充处为 0（实验室的训练损失就是这样算的；PyTorch 的 "
        "`cross_entropy(..., ignore_index=pad)` 给出同一个数）。若对所有位置直接取平均，填充这种不属于任何答案"
        "的位置就会左右损失及其梯度。这里每个输入序列单独编码，因此只有目标序列被填充。"),
    "seq2seq_padding_batch": ("A batch of digit strings", "一批数字串"),
    "seq2seq_padding_batch_info": (
        "Up to 8, separated by commas or spaces; each target is the task's answer", "最多 8 个，用逗号或空格分隔；"
        "每个目标都是该任务的答案"),
    "seq2seq_padding_run": ("Compute the loss", "计算损失"),
    "seq2seq_padding_plot": ("Per-token losses of a padded batch", "填充后批次的逐词元损失"),
    "seq2seq_padding_result": (
        "**Masked mean** (what training minimises): {real} / {n_real} real tokens = **{masked}**; torch's "
        "`cross_entropy(ignore_index=pad)`: {ignored}.\n\n**Plain mean** over every position (wrong): {total} / "
        "{n_all} = **{plain}**: the {n_pad} padding positions add {pad} to the sum.",
        "**掩码平均**（训练时最小化的量）：{real} / {n_real} 个真实词元 = **{masked}**；PyTorch 的 "
        "`cross_entropy(ignore_index=pad)`：{ignored}。\n\n对所有位置的**直接平均**（错误）：{total} / {n_all} "
        "= **{plain}**：{n_pad} 个填充位置给总和加了 {pad}。"),
    "seq2seq_padding_fig_position": ("target position", "目标位置"),
    "seq2seq_padding_fig_loss": ("loss", "损失"),
    "seq2seq_padding_fig_masked_mean": ("masked mean", "掩码平均"),
    "seq2seq_padding_fig_plain_mean": ("mean over all", "全体平均"),
    "seq2seq_padding_fig_padding": ("padding, masked out", "填充，已被掩码去除"),
    "seq2seq_padding_fig_real_tokens": ("real tokens:", "真实词元："),
    "seq2seq_padding_fig_all_positions": ("positions in all:", "全部位置："),
    "seq2seq_padding_empty": (
        "Type one or more digit strings, e.g. 31415926, 2718.", "请输入一个或多个数字串，例如 31415926, 2718。"),
    "seq2seq_padding_too_many": (
        "{n} sequences is too many: at most {limit}.", "{n} 个序列太多了：最多 {limit} 个。"),
}
