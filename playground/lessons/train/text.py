"""The train lesson's text: every string it shows, in English and Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "tab_train": ("Train", "训练"),
    "train_intro": (
        "Train a model for a few seconds on a dataset that ships with the app and watch it learn. Teaching models "
        "come first in the list; the settings of the shipped recipe fill in when you pick a model and dataset that "
        "have one. The model you train stays in this browser session and the other tabs use it.",
        "在应用自带的数据集上把模型训练几秒钟，看着它学习。列表中教学模型排在前面；"
        "若所选模型和数据集有随应用提供的训练配方，其设置会自动填入。你训练的模型保存在本浏览器会话中，"
        "其他标签页会使用它。"),
    "train_model": ("Model", "模型"),
    "train_model_info": (
        "Teaching models train in seconds on a CPU. Catalog models (timm/..., torchvision/...) train on 32x32 "
        "images.",
        "教学模型在 CPU 上几秒即可训练完。目录中的模型（timm/...、torchvision/...）在 32x32 图像上训练。"),
    "train_dataset": ("Dataset", "数据集"),
    "train_device": ("**Device:** {device}", "**设备：** {device}"),
    "train_device_cpu": ("{name} · {threads} threads", "{name} · {threads} 个线程"),
    "train_data_options": ("Dataset options", "数据集选项"),
    "train_noise": ("Noise", "噪声"),
    "train_train_ratio": ("Share used for training", "训练集比例"),
    "train_n_samples": ("Number of points", "样本点数"),
    "train_n_train": ("Training examples", "训练样本数"),
    "train_seq_len": ("Sequence length", "序列长度"),
    "train_optimizer": ("Optimizer", "优化器"),
    "train_lr": ("Learning rate", "学习率"),
    "train_batch": ("Batch size", "批大小"),
    "train_epochs": ("Epochs", "轮数"),
    "train_steps": ("Steps", "步数"),
    "train_steps_info": ("0 = use epochs", "0 表示按轮数计算"),
    "train_more": ("More settings", "更多设置"),
    "train_momentum": ("Momentum (SGD with momentum)", "动量（带动量的 SGD）"),
    "train_weight_decay": ("Weight decay", "权重衰减"),
    "train_warmup": ("Warm-up steps", "预热步数"),
    "train_schedule": ("Learning-rate schedule", "学习率调度"),
    "train_loss": ("Loss", "损失函数"),
    "train_grad_clip": ("Gradient clipping (max norm, 0 = off)", "梯度裁剪（最大范数，0 表示关闭）"),
    "train_seed": ("Seed", "随机种子"),
    "train_amp": ("Mixed precision on CUDA", "在 CUDA 上使用混合精度"),
    "train_hidden": ("Hidden layers", "隐藏层"),
    "train_hidden_info": (
        "Units per layer, comma-separated, e.g. 8,8 (up to 6 layers of up to 256 units)",
        "每层单元数，用逗号分隔，例如 8,8（最多 6 层，每层最多 256 个单元）"),
    "train_activation": ("Activation", "激活函数"),
    "train_train": ("Train", "开始训练"),
    "train_stop": ("Stop", "停止"),
    "train_evaluate": ("Evaluate", "评估"),
    "train_curves": ("Loss and accuracy", "损失与准确率"),
    "train_boundary": ("Decision boundary (2-D data)", "决策边界（二维数据）"),
    "train_confusion": ("Confusion matrix / predictions", "混淆矩阵 / 预测"),
    "train_mistakes": ("Misclassified test examples", "分类错误的测试样本"),
    "train_files": ("Save, load and shipped models", "保存、加载与自带模型"),
    "train_download": (
        "Download the trained model (safetensors + JSON) and a script that continues the run on your own machine "
        "(python MODEL_train.py --init WEIGHTS.safetensors)",
        "下载训练好的模型（safetensors + JSON），以及在你自己的机器上继续训练的脚本（python MODEL_train.py --init "
        "WEIGHTS.safetensors）"),
    "train_upload": ("Load a model (.safetensors from this app)", "加载模型（本应用保存的 .safetensors）"),
    "train_pretrained": ("Shipped teaching model", "自带的教学模型"),
    "train_load_pretrained": ("Load shipped model", "加载自带模型"),
    "train_session": ("Session model", "会话中的模型"),
    "train_sched_constant": ("Constant", "恒定"),
    "train_sched_cosine": ("Cosine decay", "余弦衰减"),
    "train_sched_linear": ("Linear decay", "线性衰减"),
    "train_sched_step": ("Step decay (x0.1 at 50% and 75%)", "阶梯衰减（在 50% 和 75% 处乘以 0.1）"),
    "train_loss_auto": ("Fits the task", "按任务自动选择"),
    "train_loss_cross_entropy": ("Cross-entropy", "交叉熵"),
    "train_loss_bce": ("Binary cross-entropy", "二元交叉熵"),
    "train_loss_mse": ("Mean squared error", "均方误差"),
    "train_fig_loss": ("Loss", "损失"),
    "train_fig_accuracy": ("Accuracy", "准确率"),
    "train_fig_r2": ("R² (1 = perfect)", "R²（1 为完美）"),
    "train_fig_step": ("Step", "步数"),
    "train_fig_train": ("Training", "训练"),
    "train_fig_test": ("Test", "测试"),
    "train_fig_true": ("True", "真实"),
    "train_fig_pred": ("Predicted", "预测"),
    "train_fig_probability": ("P(blue)", "P(蓝)"),
    "train_fig_input": ("Input", "输入"),
    "train_fig_target": ("Next value", "下一个值"),
    "train_metric_loss": ("Test loss", "测试损失"),
    "train_metric_accuracy": ("Test accuracy", "测试准确率"),
    "train_metric_sequence_accuracy": ("Whole sequences right", "整条序列正确率"),
    "train_metric_r2": ("Test R²", "测试 R²"),
    "train_estimate": (
        "**Estimate:** {params} parameters · {steps} steps · about {seconds} s and {memory} on {device}.",
        "**预估：** {params} 个参数 · {steps} 步 · 在 {device} 上约需 {seconds} 秒、{memory} 内存。"),
    "train_status_running": (
        "Step {step} / {total} · epoch {epoch} · {rate} samples/s · about {eta} s left · {device}",
        "第 {step} / {total} 步 · 第 {epoch} 轮 · 每秒 {rate} 个样本 · 约剩 {eta} 秒 · {device}"),
    "train_status_done": (
        "Done: {step} steps in {elapsed} s ({rate} samples/s) on {device}.",
        "完成：{step} 步，用时 {elapsed} 秒（每秒 {rate} 个样本），设备 {device}。"),
    "train_status_stopped": (
        "Stopped at step {step} of {total} after {elapsed} s; the model keeps what it learnt so far.",
        "在第 {step} / {total} 步停止，用时 {elapsed} 秒；模型保留目前学到的内容。"),
    "train_status_time_limit": (
        "Stopped at the time limit after {elapsed} s (step {step} of {total}); the model keeps what it learnt so "
        "far.",
        "达到时间上限，在 {elapsed} 秒后停止（第 {step} / {total} 步）；模型保留目前学到的内容。"),
    "train_status_diverged": (
        "The loss became NaN or infinite at step {step}.",
        "第 {step} 步时损失变成了 NaN 或无穷大。"),
    "train_result_head": (
        "**{model}** trained on **{dataset}** for {steps} steps.",
        "**{model}** 在 **{dataset}** 上训练了 {steps} 步。"),
    "train_mistake_caption": ("{true} → {pred}", "{true} → {pred}"),
    "train_col_input": ("Input", "输入"),
    "train_col_expected": ("Expected", "应为"),
    "train_col_predicted": ("Predicted", "预测"),
    "train_no_mistakes": ("No mistakes on the test split.", "测试集上没有错误。"),
    "train_stopping": ("Stopping after the current step…", "将在当前这一步之后停止……"),
    "train_nothing_to_stop": ("Nothing is training in this session.", "本会话中没有正在进行的训练。"),
    "train_loaded": ("Loaded “{name}” into this session.", "已将 “{name}” 加载到本会话。"),
    "train_status_waiting": (
        "Waiting for a free place to train: yours is number {position} in line ({places} runs train at once on "
        "this server). Stop takes it out of the line.",
        "正在排队等待训练：你排在第 {position} 位（本服务器同时训练 {places} 个）。按“停止”可退出队列。"),
    "train_status_left_line": (
        "Left the line before training started; the session's model is unchanged.",
        "训练开始前已退出队列；会话中的模型没有改变。"),
    "train_already_running": (
        "A training run is already going on in this session. Stop it first, or wait for it to finish.",
        "本会话中已有训练在进行。请先停止它，或等它结束。"),
    "train_bad_hidden": (
        "'{text}' is not a list of layer widths. Write 1 to 6 whole numbers from 1 to 256, separated by commas, "
        "e.g. 8,8.",
        "“{text}” 不是层宽列表。请写 1 到 6 个 1 至 256 之间的整数，用逗号分隔，例如 8,8。"),
    # The run's diagnosis beside the metrics (core/train/diagnosis.py), after the training guide of the notes
    "train_diag_numbers": (
        "Training loss {start} → {end}; test loss {test}.",
        "训练损失 {start} → {end}；测试损失 {test}。"),
    "train_diag_accuracy": (
        "Training accuracy {train}, test accuracy {test}.",
        "训练准确率 {train}，测试准确率 {test}。"),
    "train_diag_fine": (
        "**Diagnosis: fine.** Training and test loss are both low: the model learnt the training data and it "
        "carries over to data it never saw. To do better still, try a slightly larger model or more data, and "
        "watch the test loss.",
        "**诊断：良好。** 训练损失和测试损失都很低：模型学会了训练数据，并且在没见过的数据上同样有效。"
        "想更进一步，可以试试稍大的模型或更多数据，并留意测试损失。"),
    "train_diag_overfit": (
        "**Diagnosis: overfitting.** The training loss is low but the test loss is much higher: the model "
        "memorises the training points instead of the pattern. The guide's remedies: more training data (or data "
        "augmentation), a less flexible model (fewer or narrower layers, shared parameters), weight decay or "
        "dropout, or stopping early.",
        "**诊断：过拟合。** 训练损失很低，测试损失却高得多：模型记住了训练点，而不是其中的规律。"
        "指南给出的对策：更多训练数据（或数据增强）、弹性更小的模型（更少或更窄的层、共享参数）、"
        "权重衰减或 dropout，或者提前停止。"),
    "train_diag_best_step": (
        "The test loss was lowest at step {step}: stopping there would have done better.",
        "测试损失在第 {step} 步最低：在那里停止会更好。"),
    "train_diag_still_falling": (
        "**Diagnosis: training loss still high, and still falling.** The optimisation has not finished: train "
        "for more steps, or raise the learning rate (or add warm-up and a decay so a larger rate stays stable). "
        "Only when the training loss is low does the test loss say anything about overfitting.",
        "**诊断：训练损失仍然很高，而且还在下降。** 优化还没有完成：多训练一些步数，或者调大学习率"
        "（也可以加上预热和衰减，让较大的学习率保持稳定）。只有训练损失足够低时，测试损失才能说明是否过拟合。"),
    "train_diag_plateau": (
        "**Diagnosis: training loss high and flat: model bias or optimisation.** Either the model is too simple "
        "to fit the data (model bias: make it more flexible, with more units, more layers or better features), "
        "or the optimiser is stuck (try Adam, another learning rate, momentum). To tell which, the guide "
        "compares against a smaller, shallower network: {reference} If the shallower one reaches a lower "
        "training loss, the deeper one has an optimisation problem; if not, it is model bias.",
        "**诊断：训练损失高且不再下降：模型偏差或优化问题。** 要么模型太简单、拟合不了数据（模型偏差："
        "让模型更有弹性，增加单元、层数或更好的特征），要么优化器卡住了（试试 Adam、换一个学习率或加动量）。"
        "为了分辨是哪一种，指南建议与一个更小、更浅的网络比较：{reference}如果更浅的网络训练损失反而更低，"
        "说明较深的网络存在优化问题；否则就是模型偏差。"),
    "train_diag_reference_mlp": (
        "train the same data with hidden layers `{hidden}` instead of `{current}`.",
        "用隐藏层 `{hidden}` 代替 `{current}` 在同样的数据上训练。"),
    "train_diag_reference_any": (
        "train the same data with a model of the same kind with fewer layers.",
        "用同类但层数更少的模型在同样的数据上训练。"),
    "train_diag_too_short": (
        "**Diagnosis:** too few steps or no test evaluation yet to read the curves.",
        "**诊断：** 步数太少或还没有测试评估，暂时无法判断曲线。"),
    # The run's learning-rate schedule beside the estimate (core/train/schedule.py)
    "train_schedule_plot": ("Learning rate over this run", "本次训练的学习率"),
    "train_fig_lr": ("Learning rate", "学习率"),
    "train_fig_warmup_end": ("warm-up ends", "预热结束"),
}
