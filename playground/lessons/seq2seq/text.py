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
}
