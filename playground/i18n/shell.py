"""The shell's text (the app, the lecture bar and scenes, links, the groups' tabs, messages every tab shares), in English
and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Neural-network playground", "神经网络游乐场"),
    "app_intro": (
        "Pick any classic architecture, or any timm / torchvision model, and see what every layer does to the "
        "shape of the data, what it costs in parameters and compute, and how far each unit sees.",
        "选择任意一个经典网络结构，或任意 timm / torchvision 模型，查看每一层如何改变数据的形状、"
        "需要多少参数和计算量，以及每个单元能看到多大的范围。"),
    "summary_label": ("Summary", "概要"),
    "sum_layers": ("Layers with weights", "含权重的层"),
    "error_title": ("Input problem", "输入有误"),
    "status_failed": ("That did not work; the message is at the top right.", "操作没有成功，原因见右上角的提示。"),
    "setting_not_whole": ("“{name}” must be a whole number, not {value}.", "“{name}”必须是整数，而不是 {value}。"),
    "setting_not_number": (
        "“{name}” must be a finite number, not {value}.",
        "“{name}”必须是有限的数，而不是 {value}。"),
    "internal_error": (
        "Something went wrong on our side. The app keeps running; please try again.",
        "程序内部出错。应用仍在运行，请再试一次。"),
    "error_detail": ("What the library said", "程序库给出的原始信息"),
    "optimizer_sgd": ("SGD", "SGD"),
    "optimizer_momentum": ("SGD with momentum", "带动量的 SGD"),
    "optimizer_adagrad": ("Adagrad", "Adagrad"),
    "optimizer_rmsprop": ("RMSprop", "RMSprop"),
    "optimizer_adam": ("Adam", "Adam"),
    "optimizer_adamw": ("AdamW", "AdamW"),
    "train_no_file": ("Choose a .safetensors file first.", "请先选择一个 .safetensors 文件。"),
    "view_too_many_params": (
        "This model has {params} parameters; views here run models of up to {limit}. Its layer table is in the "
        "Architecture tab.",
        "这个模型有 {params} 个参数；这里的可视化最多运行 {limit} 个参数的模型。它的逐层表格在“网络结构”页。"),
    "input_session_model": ("The model trained in this session", "本会话中训练的模型"),
    "input_source": ("Input", "输入"),
    "input_source_sample": ("Dataset sample", "数据集样本"),
    "input_source_upload": ("Uploaded image", "上传的图像"),
    "input_source_draw": ("Drawing", "手绘"),
    "input_dataset": ("Dataset", "数据集"),
    "input_index": ("Test example #", "测试样本编号"),
    "input_upload": (
        "Upload an image (any size; resized to the model's input)",
        "上传图像（任意尺寸，会缩放到模型的输入大小）"),
    "attn_expected_right": ("Expected `{expected}`: all right ✓", "正确答案 `{expected}`：全部正确 ✓"),
    "attn_expected_wrong": ("Expected `{expected}`: {n} wrong ✗", "正确答案 `{expected}`：错了 {n} 个 ✗"),
    "tab_concepts": ("Concepts", "基础概念"),
    "concepts_intro": (
        "What sits between the architectures: activation functions, and how a sum of sigmoids becomes a network; "
        "losses and softmax; how optimizers move, learning-rate schedules and batch sizes; what BatchNorm and "
        "LayerNorm average over; back-propagation with every number; and the ideas behind convolution (local "
        "fields, shared weights, pooling). Everything here is computed by PyTorch itself (torch.optim's optimizers, "
        "nn.BatchNorm, autograd, F.conv2d) or checked against it, so what you see is what you will use.",
        "架构之间的那些东西：激活函数，以及一组 sigmoid 之和怎样成为一个网络；损失函数与 softmax；优化器怎样移动、"
        "学习率调度与批大小；BatchNorm 和 LayerNorm 对哪些值求平均；带着每个数字的反向传播；还有卷积背后的想法"
        "（局部感受野、权值共享、池化）。这里的一切都由 PyTorch 自己计算（torch.optim 的优化器、nn.BatchNorm、"
        "自动求导、F.conv2d），或与它核对过，你看到的就是你将来会用到的。"),
    "concepts_lr": ("Learning rate", "学习率"),
    "concept_bad_lr": (
        "The learning rate must be above 0 and at most {limit} (got {lr}).",
        "学习率须大于 0 且不超过 {limit}（收到 {lr}）。"),
    "scene_label": ("Scene from the notes", "笔记中的场景"),
    "scene_info": (
        "One click sets the tab and its controls to show a teaching point.",
        "一键把标签页和控件设置好，展示一个知识点。"),
    "present_label": ("Presenter mode", "演示模式"),
    "present_info": (
        "In presenter mode (large type, fewer controls), ← → or Page Up / Page Down step through them.",
        "演示模式下（大字号、少控件），用 ← → 或 Page Up / Page Down 切换场景。"),
    "share_button": ("Copy a link to this view", "复制本视图的链接"),
    "bar_menu": ("☰ More", "☰ 更多"),
    "share_label": ("Link to this view", "本视图的链接"),
    "view_ignored": (
        "Some settings in the link were not understood and were left out: {keys}.",
        "链接中有些设置无法识别，已忽略：{keys}。"),
    "scene_press_train": (
        "Press **Train** below: it takes a few seconds on a CPU.",
        "请点击下方的**训练**：在 CPU 上只需几秒。"),
    "scene_alexnet_227": ("AlexNet's shapes at 227 px", "AlexNet 在 227 像素下的形状"),
    "scene_alexnet_227_note": (
        "With a 227 × 227 input, AlexNet's first convolution (11 × 11, stride 4, no padding) gives (227 − 11) / 4 "
        "+ 1 = 55 per side, so 96 × 55 × 55. The paper's figure says 224, which does not divide evenly. Follow the "
        "shapes down the table: 62.4 M parameters in all, most of them in the first fully connected layer.",
        "输入为 227 × 227 时，AlexNet 第一个卷积（11 × 11，步幅 4，无填充）每边输出 (227 − 11) / 4 + 1 = 55，即 96 "
        "× 55 × 55。论文图中写的 224 无法整除。沿着表格看形状的变化：共 6240 万参数，大部分在第一个全连接层。"),
    "scene_bottleneck": (
        "Why ResNet's bottleneck saves 16.9× the parameters",
        "ResNet 瓶颈结构为何省下 16.9 倍参数"),
    "scene_bottleneck_note": (
        "At 256 channels, a 1 × 1 → 3 × 3 → 1 × 1 bottleneck (256 → 64 → 64 → 256) needs 16,384 + 36,864 + 16,384 "
        "= 69,632 weights; two plain 3 × 3 convolutions at 256 channels need 2 × 589,824 = 1,179,648. That is 16.9 "
        "times as many.",
        "在 256 通道下，1 × 1 → 3 × 3 → 1 × 1 瓶颈（256 → 64 → 64 → 256）需要 16,384 + 36,864 + 16,384 = 69,632 "
        "个权重；两个普通的 256 通道 3 × 3 卷积需要 2 × 589,824 = 1,179,648 个，是前者的 16.9 倍。"),
    "scene_stack_3x3": ("Three 3×3 convolutions see as far as one 7×7", "三个 3×3 卷积与一个 7×7 看得一样远"),
    "scene_stack_3x3_note": (
        "Each 3 × 3 layer widens the receptive field by 2: 3, 5, 7. Three of them see a 7 × 7 patch like one 7 × 7 "
        "layer, with 27C² instead of 49C² weights (45% fewer) and three non-linearities instead of one. This is "
        "VGG's argument.",
        "每多一层 3 × 3，感受野增加 2：3、5、7。三层叠起来与一个 7 × 7 层同样看到 7 × 7 的区域，权重却是 27C² "
        "而不是 49C²（少 45%），非线性也从一个变成三个。这正是 VGG 的论点。"),
    "scene_same_padding": ("Padding that keeps the size", "保持尺寸的填充"),
    "scene_same_padding_note": (
        "Output size = ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1. With n = 28, k = 5, s = 1 and p = 2 it stays 28: a "
        "'same' convolution. Move the position slider to see the window slide.",
        "输出尺寸 = ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1。n = 28、k = 5、s = 1、p = 2 时仍为 28，即 same 卷积。"
        "拖动位置滑块可以看到窗口滑动。"),
    "scene_resnet50_shapes": ("ResNet-50, layer by layer", "逐层查看 ResNet-50"),
    "scene_resnet50_shapes_note": (
        "25.6 M parameters and 4.1 G multiply-adds at 224 × 224. The chart shows where they sit: the stages halve "
        "the size and double the channels, and the bottlenecks keep each block cheap.",
        "224 × 224 输入下共 2560 万参数、41 亿次乘加。图表显示它们的分布：每个阶段尺寸减半、通道加倍，"
        "瓶颈结构让每个块都保持低成本。"),
    "scene_spiral_mlp": ("An MLP learns a spiral", "MLP 学会分开螺旋"),
    "scene_spiral_mlp_note": (
        "Two interleaved spirals cannot be split by a line. A small MLP with tanh units bends its decision "
        "boundary round them within seconds; watch the boundary move as it trains.",
        "两条交错的螺旋无法用一条直线分开。一个使用 tanh 的小 MLP 几秒内就能把决策边界弯过去；"
        "训练时请观察边界的移动。"),
    "scene_lenet_maps": ("Inside LeNet-5", "LeNet-5 的内部"),
    "scene_lenet_maps_note": (
        "The shipped LeNet-5 reads a digit. The first layer's six feature maps respond to strokes and edges; "
        "deeper maps are smaller and more abstract. Grad-CAM shows which pixels pushed the answer.",
        "内置的 LeNet-5 读取一个数字。第一层的六张特征图对笔画和边缘产生响应；更深的特征图更小、更抽象。Grad-CAM "
        "显示哪些像素推动了这个答案。"),
    "scene_attention_reverse": ("Watch attention learn to reverse", "看注意力学会倒序"),
    "scene_attention_reverse_note": (
        "The shipped Transformer reverses digit strings. In the decoder's cross-attention, output step t looks at "
        "input position n − 1 − t: the bright cells form the anti-diagonal.",
        "内置的 Transformer 会把数字串倒过来。在解码器的交叉注意力中，第 t 步输出关注输入的第 n − 1 − t 个位置："
        "亮格连成反对角线。"),
    "scene_causal_mask": ("The causal mask in GPT", "GPT 中的因果掩码"),
    "scene_causal_mask_note": (
        "A decoder-only model may not look ahead: scores above the diagonal are set to −∞ before softmax, so their "
        "weights are exactly 0. Padding tokens are masked the same way, column by column.",
        "仅解码器模型不能看到后面的词：对角线以上的分数在 softmax 之前被设为 −∞，因此权重恰好为 0。"
        "填充词元也以同样方式按列屏蔽。"),
    "scene_pe_shift": ("Sinusoidal positions: a shift is a rotation", "正弦位置编码：平移就是旋转"),
    "scene_pe_shift_note": (
        "For every frequency, PE(pos + k) is PE(pos) turned by a fixed angle, so one matrix M_k maps every "
        "position to the one k steps later. The lab checks it numerically.",
        "对每个频率，PE(pos + k) 都是 PE(pos) 旋转一个固定角度，所以同一个矩阵 M_k 能把每个位置映射到 k "
        "步之后的位置。实验室会用数值验证这一点。"),
    "scene_forget_gate": ("The forget gate that counts", "会计数的遗忘门"),
    "scene_forget_gate_note": (
        "The shipped LSTM tags the depth of brackets. Its forget gate is more open deep inside the brackets (about "
        "0.7 on average) than where the depth returns to 0 (about 0.45), and one cell tracks the depth almost "
        "exactly (the unit finder ranks it first).",
        "内置的 LSTM 标注括号的深度。它的遗忘门在括号深处更开（平均约 0.7），在深度回到 0 处更闭（约 0.45）；"
        "其中一个记忆单元几乎精确地跟踪深度（单元查找器把它排在第一）。"),
    "scene_vanishing_rnn": ("Vanishing gradients in a simple RNN", "简单 RNN 的梯度消失"),
    "scene_vanishing_rnn_note": (
        "How much of the gradient of the last hidden state reaches each earlier step. With random weights, as "
        "this scene sets them, you see what the cell alone does: over these 60 steps the simple RNN keeps a share "
        "of 2.9e-17, the GRU 6.3e-13 and the LSTM 2.6e-10, orders of magnitude apart, as the textbooks say (the "
        "gated cells' additive paths carry it). Switch the weights to trained and the order turns round: the "
        "shipped RNN keeps 8.8e-05, the LSTM 3.3e-05 and the GRU 3.3e-06. Here the depth returns to 0 every 20 "
        "symbols, so nothing earlier matters to the tag, and the trained cells learnt to forget it.",
        "最后一个隐藏状态的梯度有多少能传回每个更早的时间步。本场景用随机权重，看到的是单元结构本身的作用："
        "在这 60 步上，简单 RNN 只留下 2.9e-17，GRU 留下 6.3e-13，LSTM 留下 2.6e-10，彼此相差好几个数量级，"
        "正如教科书所说（门控单元靠加法式的通路传递梯度）。把权重换成“已训练”，顺序就反过来了：随附的 RNN "
        "留下 8.8e-05，LSTM 3.3e-05，GRU 3.3e-06。这串括号的深度每 20 个符号就回到 0，更早的内容对标注没有用，"
        "训练后的单元学会了把它忘掉。"),
    "scene_relu_vs_sigmoid": ("Activation functions and their slopes", "激活函数及其斜率"),
    "scene_relu_vs_sigmoid_note": (
        "Sigmoid's slope is at most 0.25, so stacking it shrinks gradients; tanh's is at most 1; ReLU's is exactly "
        "1 for positive inputs. Without a non-linearity, stacked layers stay a single linear map.",
        "sigmoid 的斜率最大只有 0.25，层层叠加会让梯度变小；tanh 最大为 1；ReLU 在正输入上恰好为 1。没有非线性时，"
        "多层叠加仍然只是一个线性映射。"),
    "scene_softmax_temperature": ("Softmax and its temperature", "softmax 与温度"),
    "scene_softmax_temperature_note": (
        "softmax(3, 1, −1) = 86.7%, 11.7%, 1.6%. Divide the logits by a temperature above 1 and the distribution "
        "flattens; below 1 it sharpens towards the largest.",
        "softmax(3, 1, −1) = 86.7%、11.7%、1.6%。把 logits 除以大于 1 的温度，分布变平；小于 1 时，"
        "分布向最大者集中。"),
    "scene_saddle_race": ("Momentum vs Adam on a saddle", "鞍点上的动量法与 Adam"),
    "scene_saddle_race_note": (
        "On x² − y², starting a hair off the ridge: plain SGD slides into the saddle point and hardly leaves it, "
        "because the slope along y is tiny there; momentum gathers speed and shoots off along y; Adam divides each "
        "coordinate's step by its own gradient size, so the tiny slope along y still gives a full step, and it "
        "escapes steadily.",
        "在 x² − y² 上，从离山脊极近的位置出发：普通 SGD 滑进鞍点后几乎停住，因为那里 y 方向的斜率极小；"
        "动量法不断加速，沿 y 方向冲出去；Adam 用每个坐标自己的梯度大小去除步长，所以 y "
        "方向的微小斜率也能迈出完整的一步，稳步逃离。"),
    "scene_batch_vs_layer": ("BatchNorm vs LayerNorm", "BatchNorm 与 LayerNorm"),
    "scene_batch_vs_layer_note": (
        "BatchNorm averages each feature over the batch (and positions); LayerNorm averages each example over its "
        "features, so it does not depend on the batch, which is why Transformers use it.",
        "BatchNorm 对每个特征在批次（及位置）上求平均；LayerNorm 对每个样本在其特征上求平均，因此不依赖批次，"
        "这也是 Transformer 使用它的原因。"),
    "scene_backprop_by_hand": ("Back-propagation by hand", "手算反向传播"),
    "scene_backprop_by_hand_note": (
        "Every forward value and every gradient of a 2-2-1 network, computed by the chain rule and checked against "
        "autograd.",
        "一个 2-2-1 网络的每个前向值和每个梯度，用链式法则算出，并与 autograd 对照。"),
    "scene_degradation": ("ResNet's reason: deeper plain nets train worse", "ResNet 的由来：更深的普通网络反而训练得更差"),
    "scene_degradation_note": (
        "After 600 SGD steps on the digits, the 8-layer plain net gets 0.3 % of its own training set wrong and the "
        "32-layer one 32.5 %: more layers made training worse, so this is not overfitting. With identity shortcuts "
        "the 8-, 20- and 32-layer nets all reach 0.0 %. Press Train to watch the race again (under a minute).",
        "在手写数字上训练 600 步 SGD 后，8 层普通网络在自己的训练集上错 0.3 %，32 层的却错 32.5 %："
        "层数多了，训练反而更差，所以这不是过拟合。加上恒等捷径后，8 层、20 层和 32 层网络都降到 0.0 %。"
        "按“训练”可以重看这场比赛（不到一分钟）。"),
    "scene_transformer_block": ("Inside an encoder block, step by step", "编码器块内部，一步一步看"),
    "scene_transformer_block_note": (
        "The embedding is multiplied by √d_model (√32 ≈ 5.66 here) before the positional encoding is added; each "
        "head attends, Concat(heads)·Wᴼ mixes them, then Add & Norm, the feed-forward network and Add & Norm again. "
        "The vector of each token keeps its size d_model from start to end, except inside the FFN.",
        "嵌入先乘以 √d_model（这里 √32 ≈ 5.66），再加上位置编码；每个头各自做注意力，Concat(各头)·Wᴼ 把它们混合，"
        "然后是 Add & Norm、前馈网络，再一次 Add & Norm。每个词元的向量从头到尾保持 d_model 维，只有在 FFN 内部变宽。"),
    "scene_sigmoid_sum_relu": ("A curve from ReLUs: two make one hard sigmoid",
                               "用 ReLU 拼曲线：两个 ReLU 组成一个硬 sigmoid"),
    "scene_sigmoid_sum_relu_note": (
        "The note's curve is 0.5 plus three hard sigmoids, and each hard sigmoid is two ReLUs. Press **Fit**: the "
        "grey kinks move to the curve's four corners. Then try other seeds: some park a ReLU where it is flat over "
        "the whole range (a \"dead\" unit, which no longer learns) and leave a corner rounded.",
        "笔记里的曲线等于 0.5 加上三个硬 sigmoid，而每个硬 sigmoid 又是两个 ReLU。点**拟合**：灰色折线的拐点会移到"
        "曲线的四个拐角上。再换几个随机种子试试：有的种子会让某个 ReLU 停在整个区间都平坦的位置（“死亡”单元，"
        "不再学习），于是某个拐角被磨圆。"),
    "scene_sigmoid_sum_matrix": ("The same network as matrices", "同一个网络的矩阵形式"),
    "scene_sigmoid_sum_matrix_note": (
        "The note's three inputs and three units with numbers: r = b + Wx = (0, 3, −1), a = σ(r), and "
        "y = b + cᵀa = −0.0983. A linear layer, an activation and a linear read-out: a neural network.",
        "把笔记中三个输入、三个单元的例子代入数字：r = b + Wx = (0, 3, −1)，a = σ(r)，"
        "y = b + cᵀa = −0.0983。一个线性层、一个激活函数、一个线性输出：这就是神经网络。"),
    "scene_beam_search": ("Beam search against greedy decoding", "束搜索与贪心解码对比"),
    "scene_beam_search_note": (
        "Ten digits, more than the 8 the shipped model learnt. At step 6 greedy decoding takes the digit that looks "
        "best then and ends on an answer with p = 0.111; beam search of width 4 also keeps the runner-up and ends "
        "on one 2.5 times as likely (p = 0.281). Both are wrong: beam search finds what the model finds likely, "
        "not what is right.",
        "十个数字，比随附模型学过的 8 个更长。第 6 步时，贪心解码选了当时看来最好的数字，最终答案的概率 p = "
        "0.111；束宽为 4 的束搜索同时保留了第二名，最终找到的答案概率是它的 2.5 倍（p = 0.281）。两个答案都不对："
        "束搜索找的是模型认为可能的答案，而不是正确的答案。"),
    "scene_padding_mask": ("The padding mask in the loss", "损失中的填充掩码"),
    "scene_padding_mask_note": (
        "Targets of 8, 6, 4 and 2 digits padded to 8: 20 real tokens and 12 padding positions. The masked mean "
        "is 0.462, the same as torch's ignore_index; the plain mean over all 32 positions is 5.65, twelve times "
        "larger, because the model was never taught to predict padding.",
        "长度为 8、6、4、2 的目标序列填充到 8：共 20 个真实词元和 12 个填充位置。掩码平均为 0.462，与 PyTorch 的 "
        "ignore_index 相同；对全部 32 个位置直接平均则是 5.65，大了十二倍，因为模型从未学过预测填充。"),
    "scene_batch_size_race": ("Batch size: 1, 16, 256 or all 2,000", "批大小：1、16、256 还是全部 2,000"),
    "scene_batch_size_race_note": (
        "Press Race. In 2 epochs batch 1 makes 4,000 noisy updates, batch 16 makes 250, batch 256 makes 16 and the "
        "full batch of 2,000 (past the note's 1,000) only 2: its steps are the smoothest and it ends the worst, "
        "near chance. Per epoch, batch 1 is by far the slowest.",
        "点击“开始比赛”。2 轮里，批大小 1 做 4,000 次带噪声的更新，16 做 250 次，256 做 16 次，"
        "而 2,000 的全批量（超过笔记说的 1,000）只做 2 次：它每一步最平滑，结果却最差，接近随机猜测。"
        "按每一轮的耗时算，批大小 1 远比其他慢。"),
    "scene_diagnose_overfit": ("Diagnose a run: overfitting", "诊断一次训练：过拟合"),
    "scene_diagnose_overfit_note": (
        "50 noisy points of the circle set, half of them for training, and two hidden layers of 64 ReLU units: "
        "the training loss falls towards 0 while the test loss climbs. The diagnosis beside the metrics reads the curves as the "
        "notes' training guide does, and gives its remedies: more data, a less flexible model, regularisation, "
        "stopping early.",
        "圆环数据集中 50 个带噪声的点，一半用于训练，再加两个各有 64 个 ReLU 单元的隐藏层：训练损失降到接近 0，"
        "测试损失却不断上升。指标旁的诊断按笔记中训练指南的方式解读曲线，并给出对策：更多数据、"
        "弹性更小的模型、正则化、提前停止。"),
    "tab_labs": ("Labs", "实验室"),
    "labs_intro": (
        "The other systems of the notes, each a small lab: a GAN learning a 2-D distribution, seq2seq with teacher "
        "forcing, beam search and BLEU, BERT's masked language model, the RoI pooling and anchors of R-CNN "
        "detectors, Show, Attend and Tell writing captions, and why ResNet exists: deeper plain networks training "
        "worse than shallow ones.",
        "笔记里的其他系统，每个都是一个小实验：学习二维分布的 GAN、带强制教学、束搜索和 BLEU 的 seq2seq、BERT "
        "的掩码语言模型、R-CNN 系列检测器的 RoI 池化与锚框、会写图片描述的《Show, Attend and Tell》，以及 ResNet "
        "为什么出现：更深的普通网络反而训练得更差。"),
    # Datasets (playground/core/data): the title a menu shows and the card under it.
    "dataset_digits": ("Digits (8x8, scikit-learn)", "手写数字（8x8，scikit-learn）"),
    "dataset_digits_about": (
        "1,797 real handwritten digits at 8x8 pixels, bundled with scikit-learn; the 80/20 split never changes.",
        "scikit-learn 自带的 1,797 张 8x8 真实手写数字；80/20 的划分固定不变。"),
    "dataset_shapes": ("Shapes (32x32 colour, generated)", "几何形状（32x32 彩色，程序生成）"),
    "dataset_shapes_about": (
        "Circles, squares, triangles, crosses and rings drawn at random positions, sizes, angles and colours.",
        "随机位置、大小、角度和颜色绘制的圆、正方形、三角形、十字和圆环。"),
    "dataset_circle": ("Circle (2-D points)", "圆环（二维点）"),
    "dataset_circle_about": (
        "A disc of one class inside a ring of the other. Two classes of points in the plane, as in TensorFlow Playground; noise jitters the points.",
        "一类点组成圆盘，另一类环绕在外。平面上的两类点，仿照 TensorFlow Playground；噪声会让点随机偏移。"),
    "dataset_xor": ("XOR (2-D points)", "异或（二维点）"),
    "dataset_xor_about": (
        "The class is the sign of x times y, one per pair of opposite quadrants. Two classes of points in the plane, as in TensorFlow Playground; noise jitters the points.",
        "类别由 x 与 y 乘积的符号决定，对角象限同类。平面上的两类点，仿照 TensorFlow Playground；噪声会让点随机偏移。"),
    "dataset_gauss": ("Two Gaussians (2-D points)", "两团高斯（二维点）"),
    "dataset_gauss_about": (
        "Two Gaussian clusters that spread and overlap as noise grows. Two classes of points in the plane, as in TensorFlow Playground; noise jitters the points.",
        "两团高斯分布的点，噪声越大越分散、越重叠。平面上的两类点，仿照 TensorFlow Playground；噪声会让点随机偏移。"),
    "dataset_spiral": ("Spiral (2-D points)", "双螺旋（二维点）"),
    "dataset_spiral_about": (
        "Two interleaved spirals, the hardest of the four for a small network. Two classes of points in the plane, as in TensorFlow Playground; noise jitters the points.",
        "两条交错的螺旋线，对小网络来说是四个中最难的。平面上的两类点，仿照 TensorFlow Playground；噪声会让点随机偏移。"),
    "dataset_brackets": ("Bracket depth (tagging)", "括号深度（序列标注）"),
    "dataset_brackets_about": (
        "Strings of ( and ); label every position with the nesting depth after it (0 to 7), which needs memory.",
        "由 ( 和 ) 组成的字符串；为每个位置标注读到该处后的嵌套深度（0 到 7），需要记忆。"),
    "dataset_sine": ("Sine wave (next-step regression)", "正弦波（下一步回归）"),
    "dataset_sine_about": (
        "Sine waves with random amplitude, frequency and phase; predict each next value from the noisy past.",
        "振幅、频率、相位随机的正弦波；根据带噪声的历史预测下一个值。"),
    "dataset_reverse": ("Reverse digits (seq2seq)", "数字反转（序列到序列）"),
    "dataset_reverse_about": (
        "Read a string of digits and write it backwards, e.g. 3141 to 1413.",
        "读入一串数字并倒序写出，例如 3141 变为 1413。"),
    "dataset_copy": ("Copy digits (seq2seq)", "数字复制（序列到序列）"),
    "dataset_copy_about": (
        "Read a string of digits and write it out unchanged: the simplest sequence-to-sequence task.",
        "读入一串数字并原样写出：最简单的序列到序列任务。"),
    "dataset_sort": ("Sort digits (seq2seq)", "数字排序（序列到序列）"),
    "dataset_sort_about": (
        "Read a string of digits and write them in ascending order, e.g. 3141 to 1134.",
        "读入一串数字并按升序写出，例如 3141 变为 1134。"),
    "dataset_mnist": ("MNIST (28x28, torchvision)", "MNIST 手写数字（28x28，torchvision）"),
    "dataset_mnist_about": (
        "The classic 70,000 handwritten digits; needs the files on disk or a download.",
        "经典的 70,000 张手写数字；需要本地文件或下载。"),
    "dataset_fashion_mnist": ("Fashion-MNIST (28x28, torchvision)", "Fashion-MNIST 服饰（28x28，torchvision）"),
    "dataset_fashion_mnist_about": (
        "70,000 greyscale pictures of ten kinds of clothing; needs the files on disk or a download.",
        "70,000 张十类服饰的灰度图；需要本地文件或下载。"),
    "dataset_cifar10": ("CIFAR-10 (32x32 colour, torchvision)", "CIFAR-10 物体（32x32 彩色，torchvision）"),
    "dataset_cifar10_about": (
        "60,000 small colour photos of ten object classes; needs the files on disk or a download.",
        "60,000 张十类物体的小幅彩色照片；需要本地文件或下载。"),
    # The classes of the shapes dataset (playground/core/data/generators.py SHAPE_CLASSES), as figures name them.
    "input_class_circle": ("circle", "圆"),
    "input_class_square": ("square", "正方形"),
    "input_class_triangle": ("triangle", "三角形"),
    "input_class_cross": ("cross", "十字"),
    "input_class_ring": ("ring", "圆环"),
    # Scenes of the convolution-basics view (Concepts)
    "scene_weight_sharing": ("Local connection and weight sharing", "局部连接与权值共享"),
    "scene_weight_sharing_note": (
        "The notes' 1000 × 1000 image with 10⁶ hidden units: fully connected, 10¹² weights; each unit on a 10 × 10 "
        "patch, 10⁸ (1/10,000 of them, not the one thousandth the notes say); one shared 10 × 10 kernel, 100.",
        "笔记中 1000 × 1000 的图像、10⁶ 个隐藏单元：全连接需要 10¹² 个权重；每个单元只连 10 × 10 的小块，需要 10⁸ 个"
        "（是全连接的万分之一，而不是笔记说的千分之一）；共享一个 10 × 10 的卷积核，只要 100 个。"),
    "scene_pool_ceil": ("Max vs average pooling, and ceil mode", "最大池化、平均池化与向上取整（ceil_mode）"),
    "scene_pool_ceil_note": (
        "A 3 × 3, stride-2 pooling of a 4 × 4 grid: rounding down gives one window, ceil mode (GoogLeNet's) keeps a "
        "second, partial one in each direction, 2 × 2 in all; its average divides by the cells it covers.",
        "对 4 × 4 的网格做 3 × 3、步长 2 的池化：向下取整只有一个窗口，向上取整（ceil_mode，GoogLeNet 的做法）在每个方向多保留一个"
        "不完整的窗口，共 2 × 2；这些窗口的平均值只除以实际覆盖的格子数。"),
    "scene_conv_step": ("One convolution output, every product", "一个卷积输出的每个乘积"),
    "scene_conv_step_note": (
        "A vertical-edge kernel on a 5 × 5 input with padding 1 and stride 2: the window of output (0, 1) hangs over "
        "the zero padding; its nine products, their sum and the bias give the output, and F.conv2d agrees.",
        "一个竖直边缘卷积核作用在 5 × 5 的输入上，填充 1、步长 2：输出 (0, 1) 的窗口有一部分落在补的零上；"
        "九个乘积之和再加上偏置就是这个输出，与 F.conv2d 的结果一致。"),
    # Issue 21: learning-rate schedules and RMSprop's α
    "scene_lr_warmup": ("The Transformer's warm-up", "Transformer 的学习率预热"),
    "scene_lr_warmup_note": (
        "The schedule of Attention Is All You Need with the paper's d_model = 512 and 4,000 warm-up steps: the rate "
        "climbs in a straight line to 512^−0.5 · 4000^−0.5 ≈ 7.0 × 10⁻⁴ at step 4,000, then falls as 1/√step: at "
        "step 16,000, four times later, it is half the peak, 3.5 × 10⁻⁴. Small steps first, while Adam's estimate "
        "of the gradients' size still rests on a few noisy gradients.",
        "《Attention Is All You Need》的学习率调度，取论文的 d_model = 512、预热 4000 步：学习率沿直线升到第 4000 步的 "
        "512^−0.5 · 4000^−0.5 ≈ 7.0 × 10⁻⁴，然后按 1/√步数 下降：到第 16000 步（四倍的时间）降到峰值的一半，3.5 × 10⁻⁴。"
        "先走小步，因为这时 Adam 对梯度大小的估计还只基于少数几个带噪声的梯度。"),
    "scene_rmsprop_alpha": ("RMSprop's α", "RMSprop 的 α"),
    "scene_rmsprop_alpha_note": (
        "RMSprop's α is how long it remembers squared gradients. At α = 0.5 it forgets within a few steps, so each "
        "step is about lr whatever the slope: on the narrow bowl at lr = 0.1 it rattles round the minimum for ever "
        "(the loss stays at 0.032) while Adam settles. Set α to the default 0.99 and it settles too, after a big "
        "first jump: torch's RMSprop starts its average of g² at 0 and does not correct for it, so its first step "
        "is lr/√(1 − α) in each coordinate, 10 × lr at 0.99 and 1.41 × lr at 0.5. Adam corrects its averages "
        "for their start at 0: its first step is lr.",
        "RMSprop 的 α 决定它记住梯度平方的时间有多长。α = 0.5 时它几步之内就会忘掉过去，所以无论坡度如何，每一步都约为 lr："
        "在狭长的碗上取 lr = 0.1，它会一直在极小值周围来回跳（损失停在 0.032），而 Adam 能稳定下来。把 α 调回默认的 0.99，"
        "它在第一步大跳之后也会稳定下来：PyTorch 的 RMSprop 让 g² 的滑动平均从 0 开始且不做修正，所以第一步在每个坐标上走 "
        "lr/√(1 − α)，α = 0.99 时是 10 × lr，α = 0.5 时是 1.41 × lr。Adam 会修正滑动平均从 0 开始的偏差：它的第一步就是 lr。"),
    "input_downloading": (
        "Downloading the published weights {weights} ({size}): only this once, then they are cached.",
        "正在下载已发布的权重 {weights}（{size}）：只需这一次，之后会缓存下来。"),
    "input_source_photo": ("Sample photo", "示例照片"),
    "input_photo": ("Photo", "照片"),
    "input_photo_chelsea": ("Chelsea the cat", "猫咪 Chelsea"),
    "input_photo_coffee": ("A cup of coffee", "一杯咖啡"),
    "input_photo_astronaut": ("Astronaut Eileen Collins", "宇航员艾琳·柯林斯"),
    "input_photo_rocket": ("A Falcon 9 rocket lifting off", "升空的猎鹰 9 号火箭"),
    "scene_photo_first_layer": ("A photo through ResNet-18's first layer", "照片经过 ResNet-18 的第一层"),
    "scene_photo_first_layer_note": (
        "Chelsea the cat (a CC0 sample photo) read by ResNet-18 in colour, as it is. Its first layer's 64 filters "
        "are 7 × 7 × 3 and slide with stride 2: each feature map is the photo at half the size seen through one "
        "filter, red where the patch under it matches the filter and blue where it matches its negative. With "
        "random weights, as here (the model menu's “timm/resnet18 · ImageNet” loads the published ones where the "
        "network allows), the filters are noise, yet the maps still "
        "trace the cat's eyes, outline and fur: a random 7 × 7 filter is a mix of a local average and local "
        "differences, so it follows the photo's own edges. Trained filters become clean edge, colour and texture "
        "detectors, and only then do the top-5 and Grad-CAM mean something.",
        "猫咪 Chelsea（一张 CC0 示例照片）以原本的彩色输入 ResNet-18。它的第一层有 64 个 7 × 7 × 3 的卷积核，"
        "步幅为 2：每张特征图都是把照片缩小一半后透过一个卷积核看到的样子，图块与卷积核相符处为红色，与它的反相相符处"
        "为蓝色。权重是随机的时候（这里就是随机的；在能联网的地方，模型菜单里的“timm/resnet18 · ImageNet”会加载已发布的权重），卷积核只是噪声，但特征图仍能勾勒出猫的"
        "眼睛、轮廓和毛发：随机的 7 × 7 卷积核是局部平均与局部差分的混合，所以会跟随照片本身的边缘。训练之后，卷积核会"
        "变成清晰的边缘、颜色和纹理检测器，到那时前 5 名预测和 Grad-CAM 才有意义。"),
}
