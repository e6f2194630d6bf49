"""The messages of the core's PlaygroundError keys (models, data, inspection, training, exports), in English and
Simplified Chinese side by side."""
from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "unknown_model": (
        "There is no model called '{model}'. Pick one from the list, or type a registry key, 'timm/NAME' or "
        "'torchvision/NAME'.",
        "没有名为 “{model}” 的模型。请从列表中选择，或输入注册表中的名称、“timm/名称” 或 “torchvision/名称”。"),
    "hub_offline": (
        "{file} from {repo} is not on this machine, and downloads are switched off (HF_HUB_OFFLINE or "
        "PLAYGROUND_OFFLINE). Everything with random, shipped or sample weights still works; on a machine with a "
        "network the download happens once, then it is cached.",
        "本机上没有 {repo} 的 {file}，而且下载已关闭（HF_HUB_OFFLINE 或 PLAYGROUND_OFFLINE）。随机权重、随附模型和示例"
        "都照常可用；在能联网的机器上只需下载一次，之后会缓存下来。"),
    "hub_unreachable": (
        "Could not reach the server for {file} from {repo} ({detail}): this machine may have no network or no "
        "route to it. Everything with random, shipped or sample weights still works.",
        "无法连接到 {repo} 的服务器来获取 {file}（{detail}）：本机可能没有网络，或无法访问该服务器。随机权重、随附模型"
        "和示例都照常可用。"),
    "hub_missing": (
        "{repo} has no file {file} (or it is private or gated). Check the name; the other models still work.",
        "{repo} 中没有文件 {file}（或者它是私有的、需要授权）。请检查名称；其他模型照常可用。"),
    "hub_too_large": (
        "{file} from {repo} is {size}, more than this server downloads ({limit}; PLAYGROUND_MAX_DOWNLOAD_BYTES "
        "raises it). Nothing was downloaded.",
        "{repo} 的 {file} 有 {size}，超过了本服务器允许的下载大小（{limit}；可用 PLAYGROUND_MAX_DOWNLOAD_BYTES 调高）。"
        "没有下载任何内容。"),
    "bad_shape": (
        "'{text}' is not a shape. Write whole numbers separated by x, for example {example}.",
        "“{text}” 不是有效的形状。请用 x 分隔整数，例如 {example}。"),
    "empty_shape": (
        "The input shape is empty: type one, for example {example} (the model's own).",
        "输入形状是空的：请填写一个，例如 {example}（该模型自己的输入形状）。"),
    "wrong_rank": (
        "'{text}' has the wrong number of dimensions: this model takes {expected} (for example {example}), or "
        "{expected} after one more number first, the batch.",
        "“{text}” 的维数不对：该模型需要 {expected} 个维度（例如 {example}），或在最前面多写一个数作为批次维。"),
    "wrong_channels": (
        "Wrong number of input channels: {model} needs {need}, and '{text}' gives {got}. A shape is channels x "
        "height x width, for example {example}.",
        "{model} 需要 {need} 个输入通道，而“{text}”给出的是 {got} 个：形状的写法是 通道 x 高 x 宽，例如 {example}。"),
    "wrong_channels_batch": (
        "Wrong number of input channels: {model} needs {need}, and '{text}' gives {got}. A shape is channels x "
        "height x width, for example {example}, and one number more in front is the batch, so '{text}' reads as "
        "a batch of {batch} inputs of {read}.",
        "{model} 需要 {need} 个输入通道，而“{text}”给出的是 {got} 个：形状的写法是 通道 x 高 x 宽，例如 {example}；"
        "最前面多写的一个数是批次维，所以“{text}”被读作 {batch} 个 {read} 的输入。"),
    "nonpositive_shape": (
        "Every dimension of '{text}' must be at least 1, for example {example}.",
        "“{text}” 的每个维度都必须至少为 1，例如 {example}。"),
    "too_long": (
        "A sequence of {length} steps is longer than the playground allows ({limit}).",
        "长度为 {length} 的序列超过了本应用允许的上限（{limit}）。"),
    "too_much_memory": (
        "This input would need about {need_mb} MB of activations, more than the {limit_mb} MB this playground "
        "allows. Try a smaller input.",
        "这个输入大约需要 {need_mb} MB 的激活内存，超过了本应用允许的 {limit_mb} MB。请换一个更小的输入。"),
    "input_too_small": (
        "The input is too small for {model}: by layer '{layer}' ({kind}) the feature map is down to {shape}, "
        "smaller than that layer's window, so nothing would be left. Use a larger height and width, for example "
        "the model's own {example}.",
        "输入对 {model} 来说太小：到 “{layer}” 层（{kind}）时特征图只剩 {shape}，比该层的窗口还小，输出将为空。"
        "请使用更大的高和宽，例如该模型自己的 {example}。"),
    "shape_mismatch": (
        "{model} cannot take this input: layer '{layer}' ({kind}) failed on an input of {shape}. Check the input "
        "shape; the model's default shape always fits.",
        "{model} 无法接受这个输入：“{layer}” 层（{kind}）在输入为 {shape} 时出错。请检查输入形状；"
        "该模型的默认形状一定可用。"),
    "cannot_build": (
        "{model} could not be built for inspection. Pick another model from the list.",
        "无法为分析构建 {model}。请从列表中换一个模型。"),
    "server_busy": (
        "The server is busy: {running} training runs are going on and {waiting} more are waiting for their turn, "
        "as many as it takes. Please try again in a minute; your model and settings stay as they are.",
        "服务器正忙：{running} 个训练正在进行，另有 {waiting} 个在排队，已达上限。请一分钟后再试；"
        "你的模型和设置都不会改变。"),
    "train_no_model": (
        "There is no model in this session yet. Train one, load a shipped model or upload a checkpoint first.",
        "本会话中还没有模型。请先训练一个、加载自带模型或上传检查点。"),
    "train_no_dataset": ("No built-in dataset fits {model}.", "没有适合 {model} 的内置数据集。"),
    "dataset_unknown": ("There is no dataset called '{name}'.", "没有名为 “{name}” 的数据集。"),
    "dataset_option": (
        "The dataset option {option} = {value} is not allowed here (allowed: {low} to {high}).",
        "数据集选项 {option} = {value} 不被允许（允许范围：{low} 到 {high}）。"),
    "dataset_unavailable": (
        "The {name} dataset is not in {folder} and could not be downloaded (no network?). Put the torchvision "
        "files there, or use a built-in dataset.",
        "{name} 数据集不在 {folder} 中，也无法下载（可能没有网络）。请把 torchvision 的数据文件放到该目录，"
        "或使用内置数据集。"),
    "train_device_unknown": (
        "Unknown device '{device}': use auto, cpu, cuda or mps.",
        "未知设备 “{device}”：请用 auto、cpu、cuda 或 mps。"),
    "train_device_missing": (
        "This machine has no {device} device; use auto or cpu.",
        "这台机器没有 {device} 设备；请用 auto 或 cpu。"),
    "train_optimizer_unknown": ("Unknown optimizer '{name}'.", "未知优化器 “{name}”。"),
    "train_schedule_unknown": ("Unknown learning-rate schedule '{name}'.", "未知学习率调度 “{name}”。"),
    "train_loss_unknown": ("Unknown loss '{name}'.", "未知损失函数 “{name}”。"),
    "train_loss_mismatch": (
        "The loss '{loss}' does not fit a {task} task: binary cross-entropy needs two classes, mean squared error "
        "needs real-valued targets. Choose 'Fits the task'.",
        "损失函数 “{loss}” 不适合 {task} 任务：二元交叉熵需要两个类别，均方误差需要实数目标。请选择 "
        "“按任务自动选择”。"),
    "train_bad_lr": (
        "The learning rate must be a number greater than 0 and at most {high}; {value} is not.",
        "学习率必须大于 0 且不超过 {high}；{value} 不行。"),
    "train_bad_momentum": (
        "Momentum must be between {low} and {high}; {value} is not.",
        "动量必须在 {low} 到 {high} 之间；{value} 不行。"),
    "train_bad_weight_decay": (
        "Weight decay must be between {low} and {high}; {value} is not.",
        "权重衰减必须在 {low} 到 {high} 之间；{value} 不行。"),
    "train_bad_batch_size": (
        "The batch size must be a whole number from {low} to {high} (the training examples); {value} is not.",
        "批大小必须是 {low} 到 {high}（训练样本数）之间的整数；{value} 不行。"),
    "train_bad_epochs": (
        "Epochs must be between {low} and {high}; {value} is not.",
        "轮数必须在 {low} 到 {high} 之间；{value} 不行。"),
    "train_bad_steps": (
        "Steps must be a whole number from {low} to {high}; {value} is not.",
        "步数必须是 {low} 到 {high} 之间的整数；{value} 不行。"),
    "train_bad_warmup": (
        "Warm-up steps must be a whole number from {low} to {high}; {value} is not.",
        "预热步数必须是 {low} 到 {high} 之间的整数；{value} 不行。"),
    "train_bad_grad_clip": (
        "Gradient clipping must be between {low} and {high}; {value} is not.",
        "梯度裁剪必须在 {low} 到 {high} 之间；{value} 不行。"),
    "train_bad_seed": (
        "The seed must be a whole number from {low} to {high}; {value} is not.",
        "随机种子必须是 {low} 到 {high} 之间的整数；{value} 不行。"),
    "train_bad_eval_points": (
        "Evaluations per run must be a whole number from {low} to {high}; {value} is not.",
        "每次训练的评估次数必须是 {low} 到 {high} 之间的整数；{value} 不行。"),
    "train_mismatch": (
        "{model} reads {kind} input, which the {dataset} dataset does not provide. Pick a dataset from the list "
        "offered for this model.",
        "{model} 需要 {kind} 类型的输入，而 {dataset} 数据集不提供这种输入。请从为该模型列出的数据集中选择。"),
    "train_mismatch_output": (
        "{model} cannot learn {dataset}: its input or output does not fit this data. Teaching models "
        "fit their datasets; try one of them.",
        "{model} 无法学习 {dataset}：它的输入或输出与这份数据不匹配。教学模型与其数据集是匹配的，"
        "可以试试它们。"),
    "train_model_option": (
        "The setting '{option}' does not apply to {model}.",
        "设置 “{option}” 不适用于 {model}。"),
    "train_build_failed": (
        "{model} could not be built with these settings. Pick the model again for its defaults, then change one "
        "setting at a time.",
        "无法用这些设置构建 {model}。请重新选择该模型以恢复默认设置，再一次只改一项。"),
    "view_too_heavy": (
        "{model} is too heavy to run here for a view: one forward pass takes {gmacs} G multiply-accumulates (this "
        "server allows {limit} G) and {memory} GiB of activations (it allows {memory_limit} GiB). Its layer table "
        "is in the Architecture tab; a host with more power can raise the limits (PLAYGROUND_MAX_VIEW_MACS).",
        "{model} 太重，无法在这里运行可视化：一次前向传播需要 {gmacs} G 次乘加（本服务器上限 {limit} G），激活值占 "
        "{memory} GiB（上限 {memory_limit} GiB）。它的逐层表格在“网络结构”页；"
        "算力更强的主机可以调高上限（PLAYGROUND_MAX_VIEW_MACS）。"),
    "train_too_many_params": (
        "This model has {params} parameters; training here is limited to {limit}. Pick a smaller model (the "
        "teaching models are).",
        "这个模型有 {params} 个参数；这里训练的上限是 {limit}。请选更小的模型（教学模型都足够小）。"),
    "train_too_many_steps": (
        "This run would take {steps} steps; the limit is {limit}. Use fewer epochs or a larger batch.",
        "这次训练需要 {steps} 步；上限是 {limit}。请减少轮数或增大批大小。"),
    "train_too_slow": (
        "This run would take about {seconds} s on this device; the limit is {limit} s. Use fewer epochs, a smaller "
        "model or a larger batch.",
        "这次训练在本设备上约需 {seconds} 秒；上限是 {limit} 秒。请减少轮数、换更小的模型或增大批大小。"),
    "train_diverged": (
        "Training diverged: the loss became NaN or infinite at step {step}. The learning rate ({lr}) is probably "
        "too large; try one ten times smaller. The model trained earlier in this session is kept.",
        "训练发散了：第 {step} 步时损失变成了 NaN 或无穷大。学习率（{lr}）多半太大了，试试缩小十倍。"
        "本会话中之前训练的模型仍然保留。"),
    "checkpoint_not_safetensors": (
        "'{name}' is not a .safetensors file. Only safetensors checkpoints saved by this app are loaded (pickle "
        "files such as .pt or .pth are never opened).",
        "“{name}” 不是 .safetensors 文件。本应用只加载自己保存的 safetensors 检查点（.pt、.pth 等 pickle "
        "文件一律不打开）。"),
    "checkpoint_corrupt": (
        "'{name}' is not a readable safetensors file.",
        "“{name}” 不是可读取的 safetensors 文件。"),
    "checkpoint_too_large": (
        "'{name}' is larger than the {limit} MB this app loads.",
        "“{name}” 超过了本应用可加载的 {limit} MB。"),
    "checkpoint_foreign": (
        "'{name}' is a safetensors file, but not one saved by this app: it has no model description.",
        "“{name}” 是 safetensors 文件，但不是本应用保存的：其中没有模型描述。"),
    "checkpoint_unknown_model": (
        "'{name}' was saved from a model called '{model}', which this app does not know.",
        "“{name}” 保存自名为 “{model}” 的模型，本应用不认识它。"),
    "checkpoint_mismatch": (
        "The weights in '{name}' do not fit the model they claim to be. Upload a checkpoint this app saved, "
        "unchanged.",
        "“{name}” 中的权重与它声称的模型不匹配。请上传本应用保存、未经修改的检查点。"),
    "pretrained_missing": (
        "The shipped model '{name}' is missing or damaged; rebuild it with python -m playground.pretrained.",
        "自带模型 “{name}” 缺失或已损坏；请用 python -m playground.pretrained 重新生成。"),
    "pretrained_unknown": (
        "Choose a shipped model from the list; {name} names none of them.",
        "请从列表中选择一个自带模型；{name} 不是其中任何一个。"),
    "cnn_bad_index": (
        "Test example #{index} does not exist; use 0 to {n} - 1.",
        "测试样本 #{index} 不存在；请用 0 到 {n} - 1。"),
    "cnn_empty_drawing": (
        "The drawing is empty: draw a digit with the brush first.",
        "画板是空的：请先用画笔画一个数字。"),
    "cnn_bad_source": (
        "Unknown input '{source}': use sample, photo, upload or draw.",
        "未知的输入 “{source}”：请用 sample、photo、upload 或 draw。"),
    "cnn_bad_dataset": (
        "'{name}' is not an image dataset; use digits or shapes.",
        "“{name}” 不是图像数据集；请用 digits 或 shapes。"),
    "image_missing": (
        "There is no image yet: upload one, draw on the sketchpad or pick a dataset sample.",
        "还没有图像：请上传一张、在画板上绘制，或选择一个数据集样本。"),
    "image_unreadable": (
        "This is not an image that can be read: use a PNG, JPEG, WebP, BMP or GIF file, or an array of pixels.",
        "这不是可读取的图像：请使用 PNG、JPEG、WebP、BMP 或 GIF 文件，或像素数组。"),
    "image_too_large": (
        "The image has {pixels} pixels; the limit is {limit}. Use a smaller image.",
        "图像有 {pixels} 个像素，上限是 {limit}。请使用更小的图像。"),
    "image_empty": ("The image is empty (shape {shape}).", "图像是空的（形状 {shape}）。"),
    "image_bad_shape": (
        "An array of shape {shape} is not an image: use height × width (grey), or height × width with 1, 2, 3 or 4 "
        "channels (grey, grey + alpha, RGB, RGBA), last or first.",
        "形状为 {shape} 的数组不是图像：请使用 高 × 宽（灰度），或带 1、2、3 或 4 个通道的 高 × 宽（灰度、灰度 + "
        "透明度、RGB、RGBA），通道在后或在前均可。"),
    "image_not_finite": (
        "The image contains values that are not finite numbers (NaN or infinity).",
        "图像中有不是有限数的值（NaN 或无穷大）。"),
    "image_bad_range": (
        "Pixel values run from {low} to {high}: use whole numbers from 0 to 255, or fractions from 0 to 1 (or from "
        "0 to 255).",
        "像素值范围是 {low} 到 {high}：请使用 0 到 255 的整数，或 0 到 1 的小数（或 0 到 255）。"),
    "concept_bad_range": (
        "The range must run from a smaller to a larger number within ±{limit} (got {lo} to {hi}).",
        "区间须从较小的数到较大的数，且在 ±{limit} 以内（收到 {lo} 到 {hi}）。"),
    "corpus_bad_split": (
        "Unknown split **{split}**: choose one of {choices}.",
        "未知的数据划分 **{split}**：请选择 {choices} 之一。"),
    "corpus_bad_count": (
        "The number of sentences must be a whole number from 1 to {limit}, not {n}.",
        "句子数必须是 1 到 {limit} 之间的整数，而不是 {n}。"),
    "gpt2_bad_checkpoint": (
        "**{file}** is not a GPT-2 checkpoint this app can read ({detail}).",
        "**{file}** 不是本应用能读取的 GPT-2 检查点（{detail}）。"),
    "gpt2_unknown": (
        "Unknown language model **{name}**: choose one of {choices}.",
        "未知的语言模型 **{name}**：请选择 {choices} 之一。"),
    "published_bert_unsupported": (
        "{repo} uses {what}; this app's BERT computes GELU with absolute position embeddings only.",
        "{repo} 使用的是 {what}；本应用的 BERT 只支持 GELU 和绝对位置嵌入。"),
    "published_bert_mismatch": (
        "The file {file} of {repo} does not fit BERT ({detail}). Delete it from the hub cache so that it is "
        "downloaded again.",
        "{repo} 的文件 {file} 与 BERT 不匹配（{detail}）。请从 Hugging Face 缓存中删除它，以便重新下载。"),
    "published_none": (
        "{model} has no published ImageNet weights that this app can load (timm's or torchvision's). Choose it "
        "without \"published/\" to see it with random weights, or pick another model marked ImageNet.",
        "{model} 没有本应用能加载的已发布 ImageNet 权重（timm 或 torchvision 的）。去掉 “published/” 即可查看它的随机权重"
        "版本，或选择另一个标有 ImageNet 的模型。"),
    "image_unknown_photo": (
        "There is no sample photo called '{name}': choose one of {names}.",
        "没有名为 “{name}” 的示例照片：请从 {names} 中选择。"),
}
