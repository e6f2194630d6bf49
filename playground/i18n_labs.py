"""The Labs tab's text in both languages, as key -> (English, Simplified Chinese); playground.i18n merges it into
its tables. Kept apart so that i18n.py stays readable."""
from __future__ import annotations

TAB = {
    "tab_labs": ("Labs", "实验室"),
    "labs_intro": ("The other systems of the notes, each a small lab: a GAN learning a 2-D distribution, seq2seq "
                   "with teacher forcing and BLEU, BERT's masked language model, the RoI pooling and anchors of "
                   "R-CNN detectors, and Show, Attend and Tell writing captions.",
                   "笔记里的其他系统，每个都是一个小实验：学习二维分布的 GAN、带 teacher forcing 和 BLEU 的 seq2seq、"
                   "BERT 的掩码语言模型、R-CNN 系列检测器的 RoI 池化与锚框，"
                   "以及会写图片描述的 Show, Attend and Tell。"),
    "lab_gan": ("GAN", "GAN"),
    "lab_seq2seq": ("Seq2seq and BLEU", "Seq2seq 与 BLEU"),
    "lab_mlm": ("BERT masking", "BERT 掩码"),
    "lab_detection": ("Detection: RoI and anchors", "检测：RoI 与锚框"),
    "lab_caption": ("Show, attend and tell", "Show, Attend and Tell"),
}

SEQ2SEQ = {
    "s2s_intro": (
        "A GRU encoder reads a string of digits; its final state starts a GRU decoder that writes the answer one "
        "digit at a time. **Teacher forcing** (top row of the figure, how it was trained): at every step the "
        "decoder is fed the *correct* previous digit. **Free-running** (bottom row, how it is used): it is fed its "
        "*own* previous guess, so one mistake can lead to more. The free-running answer is scored with BLEU.",
        "GRU 编码器读入一串数字，它的最终状态作为 GRU 解码器的初始状态，解码器逐个写出答案。**Teacher forcing**"
        "（图中上行，训练时的方式）：每一步都给解码器输入*正确的*上一个数字。**自由生成**（下行，使用时的方式）：输入"
        "它*自己*上一步的猜测，所以一个错误可能引出更多错误。自由生成的答案用 BLEU 打分。"),
    "s2s_task": ("Task", "任务"),
    "s2s_task_reverse": ("Reverse", "反转"),
    "s2s_task_sort": ("Sort", "排序"),
    "s2s_task_copy": ("Copy", "复制"),
    "s2s_model": ("Model", "模型"),
    "s2s_model_shipped": ("Shipped (trained with teacher forcing)", "随应用提供（用 teacher forcing 训练）"),
    "s2s_model_lab": ("Trained below", "在下方训练的"),
    "s2s_digits": ("Digits", "数字"),
    "s2s_digits_info": ("Up to 16 digits; the shipped models learnt strings of 8.",
                        "最多 16 个数字；随应用提供的模型学的是长度为 8 的串。"),
    "s2s_decode": ("Decode", "解码"),
    "s2s_decoding_plot": ("Teacher-forced vs free-running decoding", "teacher forcing 与自由生成解码对比"),
    "s2s_bleu_plot": ("BLEU of the free-running answer", "自由生成答案的 BLEU"),
    "s2s_train_intro": (
        "**Train your own.** The teacher-forcing ratio is the chance that the decoder is fed the true previous "
        "digit at each training step (1: always, as in the notes; 0: always its own guess, as at test time; in "
        "between: scheduled sampling). Watch the gap between the teacher-forced and the free-running accuracy: "
        "the model is graded on a situation it never practised.",
        "**自己训练一个。** teacher forcing 比例是训练时每一步给解码器输入真实上一个数字的概率（1：总是，如笔记所述；"
        "0：总是用自己的猜测，和测试时一样；介于两者之间：scheduled sampling）。留意 teacher forcing 准确率与自由生成"
        "准确率之间的差距：模型在测试时面对的是训练中从未练习过的情形。"),
    "s2s_teacher_forcing": ("Teacher-forcing ratio", "teacher forcing 比例"),
    "s2s_teacher_forcing_info": ("1 = always feed the correct previous digit", "1 = 总是输入正确的上一个数字"),
    "s2s_length": ("Training length (digits)", "训练串长度（数字个数）"),
    "s2s_steps": ("Steps", "步数"),
    "s2s_lr": ("Learning rate", "学习率"),
    "s2s_seed": ("Seed", "随机种子"),
    "s2s_train": ("Train", "训练"),
    "s2s_stop": ("Stop", "停止"),
    "s2s_curves_plot": ("Learning curves", "学习曲线"),
    "s2s_bleu_intro": (
        "**BLEU, as the notes define it:** BLEU = exp(min(0, 1 − len(label)/len(pred))) × ∏ₙ pₙ^(1/2ⁿ), where pₙ "
        "is the share of the prediction's n-grams found in the label (each label n-gram used at most as often as "
        "it occurs). The first factor penalises short predictions; the weights 1/2ⁿ give long matches more "
        "weight. The boxes start on the notes' example.",
        "**笔记中的 BLEU 定义：** BLEU = exp(min(0, 1 − len(label)/len(pred))) × ∏ₙ pₙ^(1/2ⁿ)，其中 pₙ 是预测中的 "
        "n 元语法出现在标签里的比例（标签中的每个 n 元语法最多按其出现次数匹配）。第一个因子惩罚过短的预测；权重 "
        "1/2ⁿ 让长匹配占更大比重。输入框里预先填好了笔记中的例子。"),
    "s2s_label": ("Label (reference)", "标签（参考答案）"),
    "s2s_pred": ("Prediction", "预测"),
    "s2s_k": ("Largest n-gram order k", "最大 n 元语法阶数 k"),
    "s2s_calc_plot": ("n-gram precisions and their factors", "各阶 n 元语法精度及其因子"),
    "s2s_col_matches": ("matches / n-grams", "匹配数 / n 元语法数"),
    "s2s_col_p": ("pₙ", "pₙ"),
    "s2s_col_weight": ("weight 1/2ⁿ", "权重 1/2ⁿ"),
    "s2s_col_factor": ("pₙ^(1/2ⁿ)", "pₙ^(1/2ⁿ)"),
    "s2s_bleu_result": ("Brevity penalty exp(min(0, 1 − {label}/{pred})) = **{bp}**; BLEU = **{score}**.",
                        "长度惩罚 exp(min(0, 1 − {label}/{pred})) = **{bp}**；BLEU = **{score}**。"),
    "s2s_bleu_short": ("The prediction has {n} tokens, fewer than k = {k}: some pₙ has no n-grams to count, so "
                       "BLEU is 0 here (lower k to score it).",
                       "预测只有 {n} 个词元，少于 k = {k}：某些 pₙ 没有可数的 n 元语法，因此这里 BLEU 为 0"
                       "（调小 k 即可打分）。"),
    "s2s_decoded": ("**Source** {source} → **target** {target}\n\n"
                    "Teacher-forced: {forced} ({forced_acc} right) · free-running: {free} ({free_acc} right) · "
                    "BLEU (k = {k}) of the free-running answer: **{bleu}**",
                    "**输入** {source} → **目标** {target}\n\n"
                    "teacher forcing：{forced}（{forced_acc} 正确）· 自由生成：{free}（{free_acc} 正确）· "
                    "自由生成答案的 BLEU（k = {k}）：**{bleu}**"),
    "s2s_diverged": ("Free-running decoding first goes wrong at position {position}; from there on it is fed its "
                     "own mistake.",
                     "自由生成解码在第 {position} 位首次出错；此后它的输入就是自己的错误。"),
    "s2s_training": ("Step {step} of {total}: teacher-forced accuracy {forced}, free-running {free} (whole "
                     "answers right: {seq}), mean BLEU {bleu}.",
                     "第 {step} / {total} 步：teacher forcing 准确率 {forced}，自由生成 {free}（整串答对：{seq}），"
                     "平均 BLEU {bleu}。"),
    "s2s_no_lab": ("Nothing has been trained in this lab yet: press Train below, or choose the shipped model.",
                   "本实验还没有训练过模型：请按下方的“训练”，或选择随应用提供的模型。"),
    "s2s_lab_other_task": ("The model trained below learnt the {task} task; choose that task or train again.",
                           "下方训练的模型学的是 {task} 任务；请选择该任务或重新训练。"),
    "s2s_no_shipped": ("No shipped model for the {task} task: train one below.",
                       "{task} 任务没有随应用提供的模型：请在下方训练一个。"),
    # figure labels
    "s2s_fig_source": ("source", "输入"),
    "s2s_fig_target": ("target", "目标"),
    "s2s_fig_forced": ("teacher-forced", "teacher forcing"),
    "s2s_fig_free": ("free-running", "自由生成"),
    "s2s_fig_position": ("position", "位置"),
    "s2s_fig_fed": ("fed", "输入"),
    "s2s_fig_chosen": ("chosen", "选中"),
    "s2s_fig_true_token": ("target token", "目标词元"),
    "s2s_fig_first_divergence": ("first mistake", "首个错误"),
    "s2s_fig_right": ("right", "正确"),
    "s2s_fig_wrong": ("wrong", "错误"),
    "s2s_fig_ngram": ("{n}-gram", "{n} 元"),
    "s2s_fig_precision": ("precision pₙ", "精度 pₙ"),
    "s2s_fig_factor": ("factor pₙ^(1/2ⁿ)", "因子 pₙ^(1/2ⁿ)"),
    "s2s_fig_weight": ("weight", "权重"),
    "s2s_fig_brevity": ("brevity penalty", "长度惩罚"),
    "s2s_fig_score": ("BLEU", "BLEU 分数"),
    "s2s_fig_undefined": ("no n-grams", "无 n 元语法"),
    "s2s_fig_too_short": ("shorter than k: BLEU is 0", "短于 k：BLEU 为 0"),
    "s2s_fig_accuracy": ("accuracy", "准确率"),
    "s2s_fig_loss_title": ("loss", "损失"),
    "s2s_fig_step": ("step", "步"),
    "s2s_fig_forced_accuracy": ("teacher-forced accuracy", "teacher forcing 准确率"),
    "s2s_fig_free_accuracy": ("free-running accuracy", "自由生成准确率"),
    "s2s_fig_free_sequence_accuracy": ("whole answers right", "整串答对比例"),
    "s2s_fig_bleu": ("mean BLEU", "平均 BLEU"),
    "s2s_fig_train_loss": ("training loss", "训练损失"),
    "s2s_fig_loss": ("test loss (teacher-forced)", "测试损失（teacher forcing）"),
}

GAN = {
    "gan_intro": (
        "Two small networks play a game on points in the plane. The **generator** G turns random noise z into "
        "points; the **discriminator** D scores each point with the probability that it is real. Both learn with "
        "Adam, as in the notes: D minimises −(log D(x) + log(1 − D(G(z)))), G minimises log(1 − D(G(z))) (or, "
        "in the non-saturating form, −log D(G(z))). The background is D's score; the short lines show where the "
        "generator's loss pushes each generated point.",
        "两个小网络在平面上的点上博弈。**生成器** G 把随机噪声 z 变成点；**判别器** D 给每个点打分，即它是真实样本的"
        "概率。两者都用 Adam 训练，与笔记一致：D 最小化 −(log D(x) + log(1 − D(G(z))))，G 最小化 log(1 − D(G(z)))"
        "（非饱和形式为 −log D(G(z))）。背景是 D 的打分；短线表示生成器的损失把每个生成点推向何处。"),
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
    "gan_g_loss_info": ("The notes' log(1 − D(G(z))) barely moves G while D wins easily",
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
    "gan_status": ("Step {step} of {total}: D loss {d_loss}, G loss {g_loss}; mean D(x) = {d_real}, "
                   "D(G(z)) = {d_fake}.",
                   "第 {step} / {total} 步：D 损失 {d_loss}，G 损失 {g_loss}；平均 D(x) = {d_real}，"
                   "D(G(z)) = {d_fake}。"),
    "gan_coverage": ("Modes covered: **{covered} of {modes}** ({share} of generated points near a mode).",
                     "覆盖的模式：**{modes} 个中的 {covered} 个**（{share} 的生成点靠近某个模式）。"),
    "gan_losses_intro": (
        "**The two losses by hand.** Move D's scores: at the equilibrium D(x) = D(G(z)) = 0.5, D's loss is "
        "2 ln 2 ≈ 1.386 and the notes' generator loss ln 0.5 ≈ −0.693.",
        "**手算两个损失。** 调节 D 的打分：在均衡点 D(x) = D(G(z)) = 0.5 时，D 的损失是 2 ln 2 ≈ 1.386，"
        "笔记中的生成器损失是 ln 0.5 ≈ −0.693。"),
    "gan_losses_worked": (
        "With D(x) = {real} and D(G(z)) = {fake}:\n\n"
        "- D loss = −(log {real} + log(1 − {fake})) = **{d_loss}**\n"
        "- G loss (notes) = log(1 − {fake}) = **{minimax}**\n"
        "- G loss (non-saturating) = −log {fake} = **{non_saturating}**",
        "当 D(x) = {real}、D(G(z)) = {fake} 时：\n\n"
        "- D 损失 = −(log {real} + log(1 − {fake})) = **{d_loss}**\n"
        "- G 损失（笔记）= log(1 − {fake}) = **{minimax}**\n"
        "- G 损失（非饱和）= −log {fake} = **{non_saturating}**"),
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
}

MASKING = {
    "mlm_intro": (
        "BERT learns by filling in blanks. In pre-training **15%** of the tokens are chosen; of those **80%** "
        "become [MASK], **10%** a random token and **10%** stay as they were, and the model must predict every "
        "chosen one. Why the random 10%: the model cannot know which tokens it will be asked about or which were "
        "swapped, so it has to keep a contextual picture of every token; and random swaps touch only 1.5% of all "
        "tokens (10% of 15%), too few to hurt. Here the tokens are characters and the model is the 2-block tiny "
        "BERT, pre-trained on generated sentences.",
        "BERT 通过填空来学习。预训练时选出 **15%** 的词元；其中 **80%** 换成 [MASK]，**10%** 换成随机词元，**10%** "
        "保持不变，模型要预测每一个被选中的词元。为什么要有随机的 10%：模型不知道会被问到哪些词元、哪些被替换过，"
        "所以必须为每个词元保留上下文表示；而随机替换只涉及全部词元的 1.5%（15% 的 10%），少到不会造成损害。这里的"
        "词元是字符，模型是在生成的句子上预训练的 2 个块的小型 BERT。"),
    "mlm_text": ("Sentence", "句子"),
    "mlm_text_info": ("Lowercase letters, digits, punctuation; type _ where you want BERT to guess, or leave none "
                      "and 15% are chosen at random",
                      "小写字母、数字、标点；在想让 BERT 猜的位置输入 _，或者不输入，由程序随机选出 15%"),
    "mlm_seed": ("Seed", "随机种子"),
    "mlm_seed_info": ("Another seed, another draw", "换一个种子，换一次抽取"),
    "mlm_run": ("Mask and predict", "遮盖并预测"),
    "mlm_masking_plot": ("Original, what BERT reads, and its guesses", "原句、BERT 读到的内容及其猜测"),
    "mlm_predictions_plot": ("Top guesses at each chosen position", "每个被选位置的最佳猜测"),
    "mlm_result_seed": ("{chosen} of the {n} characters were chosen: {mask} became [MASK], {random} a random "
                        "character, {keep} stayed.",
                        "{n} 个字符中选出了 {chosen} 个：{mask} 个换成 [MASK]，{random} 个换成随机字符，"
                        "{keep} 个保持不变。"),
    "mlm_result_visitor": ("You masked {chosen} of the {n} characters ({mask} [MASK]).",
                           "你遮盖了 {n} 个字符中的 {chosen} 个（{mask} 个 [MASK]）。"),
    "mlm_accuracy": ("The model's top guess is right at {accuracy} of them.",
                     "其中模型的最佳猜测正确的比例为 {accuracy}。"),
    "mlm_statistics_intro": ("**Over many draws.** The same rule on many random sentences: the shares settle at "
                             "15% chosen, 12% [MASK], 1.5% random and 1.5% unchanged of all tokens.",
                             "**多次抽取。** 在许多随机句子上应用同一规则：各比例会稳定在全部词元的 15% 被选中、"
                             "12% 换成 [MASK]、1.5% 随机替换、1.5% 保持不变。"),
    "mlm_draws": ("Sentences drawn", "抽取的句子数"),
    "mlm_statistics_plot": ("Observed and expected shares", "观测比例与期望比例"),
    "mlm_statistics": ("{draws} sentences, {tokens} characters: chosen **{chosen}** (expected {e_chosen}), "
                       "[MASK] **{mask}** ({e_mask}), random **{random}** ({e_random}), unchanged **{keep}** "
                       "({e_keep}).",
                       "{draws} 个句子，{tokens} 个字符：被选中 **{chosen}**（期望 {e_chosen}），[MASK] **{mask}**"
                       "（{e_mask}），随机替换 **{random}**（{e_random}），保持不变 **{keep}**（{e_keep}）。"),
    "mlm_fig_bos": ("[CLS]", "[CLS]"),
    "mlm_fig_eos": ("[SEP]", "[SEP]"),
    "mlm_fig_mask_token": ("[MASK]", "[MASK]"),
    "mlm_fig_space": ("␣", "␣"),
    "mlm_fig_original": ("original", "原句"),
    "mlm_fig_corrupted": ("what BERT reads", "BERT 读到的"),
    "mlm_fig_predicted": ("top guess", "最佳猜测"),
    "mlm_fig_position": ("position", "位置"),
    "mlm_fig_probability": ("probability", "概率"),
    "mlm_fig_rank": ("rank", "名次"),
    "mlm_fig_count": ("count", "次数"),
    "mlm_fig_expected": ("expected", "期望"),
    "mlm_fig_observed": ("observed", "观测"),
    "mlm_fig_fraction": ("share of all tokens", "占全部词元的比例"),
    "mlm_fig_unchanged": ("not chosen", "未选中"),
    "mlm_fig_special": ("special token", "特殊词元"),
    "mlm_fig_mask": ("chosen → [MASK]", "选中 → [MASK]"),
    "mlm_fig_random": ("chosen → random", "选中 → 随机"),
    "mlm_fig_keep": ("chosen → kept", "选中 → 不变"),
    "mlm_fig_correct": ("right guess", "猜对"),
    "mlm_fig_wrong": ("wrong guess", "猜错"),
    "mlm_fig_guess": ("guess", "猜测"),
    "mlm_fig_chosen": ("chosen", "选中"),
}

DETECTION = {
    "det_intro": (
        "How R-CNN detectors turn regions into fixed-size features. A CNN computes features for the whole image "
        "once; **RoI pooling** (Fast R-CNN) cuts each box on the feature map into a fixed grid of bins and takes "
        "the maximum in each, after snapping the box and the bins to whole cells. **RoI align** (Mask R-CNN) "
        "skips the snapping and averages bilinear samples instead, so the pooled features stay aligned with the "
        "pixels, which the mask branch needs. Here the feature map is the image itself averaged over stride × "
        "stride pixels, so you can see what each bin picks up. The full detectors (Faster R-CNN, Mask R-CNN, "
        "RetinaNet, ...) are in the Architecture tab.",
        "R-CNN 系列检测器如何把区域变成固定大小的特征。CNN 对整张图只计算一次特征；**RoI 池化**（Fast R-CNN）先把框"
        "和各个格子对齐到整数单元，再把特征图上的每个框切成固定数目的格子，每格取最大值。**RoI align**（Mask R-CNN）"
        "不做取整，而是对双线性插值的采样点取平均，使池化后的特征与像素对齐，这是掩码分支所需要的。这里的特征图就是"
        "把图像按步幅 × 步幅的像素块取平均，因此可以看清每个格子取到了什么。完整的检测器（Faster R-CNN、Mask R-CNN、"
        "RetinaNet 等）在“架构”标签页中。"),
    "det_source": ("Image", "图像"),
    "det_source_scene": ("Built-in scene", "内置场景"),
    "det_source_upload": ("Upload", "上传"),
    "det_seed": ("Scene", "场景编号"),
    "det_upload": ("Your image", "你的图像"),
    "det_boxes": ("Boxes (x1, y1, x2, y2 in pixels; separate boxes with ;)",
                  "框（像素坐标 x1, y1, x2, y2；多个框用 ; 分隔）"),
    "det_boxes_info": ("Empty: the shapes' own boxes", "留空：使用各形状自己的框"),
    "det_kind": ("Operation", "操作"),
    "det_kind_pool": ("RoI pooling", "RoI 池化"),
    "det_kind_align": ("RoI align", "RoI align（对齐）"),
    "det_stride": ("Feature stride", "特征步幅"),
    "det_stride_info": ("Image pixels per feature cell", "每个特征单元对应的图像像素数"),
    "det_output_size": ("Pooled size", "池化输出尺寸"),
    "det_sampling": ("Samples per bin (align)", "每格采样数（align）"),
    "det_sampling_info": ("0: adaptive, as torchvision", "0：自适应，与 torchvision 相同"),
    "det_aligned": ("Half-pixel offset (align)", "半像素偏移（align）"),
    "det_aligned_info": ("aligned=True, Detectron2's fix", "aligned=True，Detectron2 的修正"),
    "det_selected": ("Box to show bins for", "显示格子的框"),
    "det_roi_plot": ("Boxes on the feature map and the pooled outputs", "特征图上的框与池化输出"),
    "det_roi_result": ("{n} boxes on a {height} × {width} image; the stride-{stride} feature map is {fh} × {fw} "
                       "with {c} channels; {op} makes each box {size} × {size}. Boxes: `{boxes}`",
                       "{height} × {width} 的图像上有 {n} 个框；步幅 {stride} 的特征图为 {fh} × {fw}，{c} 个通道；"
                       "{op}把每个框变成 {size} × {size}。框：`{boxes}`"),
    "det_anchor_intro": (
        "**Anchors.** Faster R-CNN's region proposal network starts from fixed boxes, the anchors: at every cell of "
        "every feature-pyramid level, boxes of one size in three aspect ratios (0.5, 1, 2). Small anchors sit on "
        "the fine levels, large ones on the coarse levels. torchvision first resizes the image so its short side "
        "is 800 pixels; the built-in scene is that size already.",
        "**锚框。** Faster R-CNN 的区域建议网络从固定的框（锚框）出发：在特征金字塔每一层的每个单元上，放置一种尺寸、"
        "三种长宽比（0.5、1、2）的框。小锚框在精细的层上，大锚框在粗糙的层上。torchvision 会先把图像缩放到短边为 "
        "800 像素；内置场景本身就是这个大小。"),
    "det_level": ("Pyramid level", "金字塔层"),
    "det_level_info": ("0 = P2 (stride 4, 32-pixel anchors) … 4 = pool (512-pixel anchors)",
                       "0 = P2（步幅 4，32 像素锚框）… 4 = pool（512 像素锚框）"),
    "det_anchor_plot": ("Anchors of one cell and the level's anchor centres", "一个单元的锚框与该层的锚框中心"),
    "det_anchor_result": ("A {height} × {width} image gets **{total}** anchors in all:",
                          "{height} × {width} 的图像共有 **{total}** 个锚框："),
    "det_anchor_resized": ("Your {src_h} × {src_w} picture is first resized, as torchvision's R-CNN transform does, "
                           "to {height} × {width} (short side 800, long side at most 1333).",
                           "你的 {src_h} × {src_w} 图片先按 torchvision 的 R-CNN 变换缩放为 {height} × {width}"
                           "（短边 800，长边不超过 1333）。"),
    "det_anchor_row": ("- {level}: stride {stride}, {h} × {w} cells, size {sizes}, 3 ratios → {count} anchors",
                       "- {level}：步幅 {stride}，{h} × {w} 个单元，尺寸 {sizes}，3 种长宽比 → {count} 个锚框"),
    "det_fig_roi_title": ("{op} at stride {stride}", "步幅 {stride} 的{op}"),
    "det_fig_anchor_title": ("Level {level}: stride {stride}, {h} × {w} cells, {per_cell} anchors per cell, "
                             "{count} of {total}",
                             "第 {level} 层：步幅 {stride}，{h} × {w} 个单元，每个单元 {per_cell} 个锚框，"
                             "共 {total} 个中的 {count} 个"),
    "det_fig_feature": ("feature map", "特征图"),
    "det_fig_pooled": ("pooled outputs", "池化输出"),
    "det_fig_boxes": ("boxes", "框"),
    "det_fig_selected": ("selected box", "选中的框"),
    "det_fig_region": ("region pooled", "池化的区域"),
    "det_fig_bins": ("bins", "格子"),
    "det_fig_samples": ("sample points", "采样点"),
    "det_fig_outside": ("outside the map (reads 0)", "在特征图之外（取 0）"),
    "det_fig_value": ("value", "数值"),
    "det_fig_box": ("box", "框"),
    "det_fig_anchors": ("anchors of the cell", "该单元的锚框"),
    "det_fig_centres": ("anchor centres", "锚框中心"),
    "det_fig_cell": ("cell", "单元"),
    "det_fig_thinned": ("every {k}th centre shown", "每 {k} 个中心显示一个"),
    "det_fig_size": ("size", "尺寸"),
    "det_fig_ratio": ("ratio", "长宽比"),
}

CAPTION = {
    "cap_intro": (
        "Show, Attend and Tell writes a sentence about a picture. A CNN encoder turns the image into a grid of "
        "feature vectors (the paper uses VGG's conv5_3, 14 × 14 × 512 at 224 × 224; this small model an 8 × 8 "
        "grid of a 64 × 64 scene); a fully connected layer makes the LSTM's first state from their mean; at every "
        "word the LSTM decoder *attends*: it weighs the grid cells, mixes their features and picks the next word. "
        "The model here was trained on generated scenes of two shapes.",
        "Show, Attend and Tell 为图片写一句话。CNN 编码器把图像变成一格格的特征向量（论文用 VGG 的 conv5_3，224 × 224"
        " 的输入得到 14 × 14 × 512；这个小模型对 64 × 64 的场景得到 8 × 8 的网格）；一个全连接层由它们的平均值得到 "
        "LSTM 的初始状态；每写一个词，LSTM 解码器都会*注意*：给各个格子加权、混合它们的特征，再选出下一个词。这里的"
        "模型是在由两个形状组成的生成场景上训练的。"),
    "cap_source": ("Picture", "图片"),
    "cap_source_scene": ("Built-in scene", "内置场景"),
    "cap_source_upload": ("Upload", "上传"),
    "cap_seed": ("Scene", "场景编号"),
    "cap_seed_info": ("Held-out scenes the model never saw", "模型从未见过的留出场景"),
    "cap_upload": ("Your picture", "你的图片"),
    "cap_opacity": ("Attention opacity", "注意力不透明度"),
    "cap_run": ("Caption", "生成描述"),
    "cap_attention_plot": ("Where the model looked for each word", "每个词生成时模型看向哪里"),
    "cap_probability_plot": ("Word probabilities and the gate β", "词的概率与门控 β"),
    "cap_result": ("Caption: **{caption}**", "描述：**{caption}**"),
    "cap_truth_right": ("The scene's true caption is \"{truth}\": right.", "场景的真实描述是“{truth}”：正确。"),
    "cap_truth_wrong": ("The scene's true caption is \"{truth}\".", "场景的真实描述是“{truth}”。"),
    "cap_no_end": ("The model did not end the sentence within its word limit.", "模型在字数上限内没有结束句子。"),
    "cap_fig_beta": ("gate β", "门控 β"),
    "cap_fig_eos": ("[end]", "[结束]"),
    "cap_fig_image": ("picture", "图片"),
    "cap_fig_probability": ("probability", "概率"),
    "cap_fig_word": ("word", "词"),
}


def _core_messages() -> list[dict]:
    """The error texts the labs' core modules keep beside the checks that raise them (their MESSAGES)."""
    from playground.core.data import corpus
    from playground.lessons.captioning import compute as captioning
    from playground.lessons.detection import compute as detection
    from playground.lessons.gan import compute as gan
    from playground.lessons.masking import compute as masking
    from playground.lessons.seq2seq import compute as seq2seq_lab
    return [module.MESSAGES for module in (gan, seq2seq_lab, masking, corpus, detection, captioning)]


SECTIONS = (TAB, SEQ2SEQ, GAN, MASKING, DETECTION, CAPTION)


def tables() -> tuple[dict[str, str], dict[str, str]]:
    """(English, Chinese) tables of every Labs key; a key defined twice is an error."""
    en, zh = {}, {}
    for section in (*SECTIONS, *_core_messages()):
        for key, (english, chinese) in section.items():
            if key in en:
                raise ValueError(f"Labs text key {key!r} defined twice")
            en[key], zh[key] = english, chinese
    return en, zh
