"""The seq2seq lab: tiny_seq2seq trained live on one digit task with a teacher-forcing ratio, evaluated on a fixed
test batch. Plain PyTorch, no gradio. Bengio et al. 2015, scheduled sampling, https://arxiv.org/abs/1506.03099."""
from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import torch
from torch import nn

from playground.core.data.datasets import DEFAULT_OPTIONS, MAX_SEED, load_dataset, option_range
from playground.core.data.vocab import TOKEN_VOCAB
from playground.core.errors import PlaygroundError
from playground.core.models import create_model
from playground.core.validate import real, whole

from .bleu import bleu_order
from .decoding import evaluate_batch, masked_cross_entropy
from .tasks import check_task

log = logging.getLogger("playground")

MODEL = "tiny_seq2seq"
MAX_STEPS = 3000  # training steps one lab may take in all
MAX_LR = 0.1
MAX_BATCH = 512
EVAL_EVERY = 25  # the lab evaluates every this many steps, and at the end of each step() call
EVAL_SIZE = 256  # the fixed test batch: the first EVAL_SIZE examples of the test split
GRAD_CLIP = 1.0  # max gradient norm, the usual guard for recurrent networks


@dataclass(frozen=True)
class Seq2seqSpec:
    """One lab run. teacher_forcing: the probability of feeding the TRUE previous token at each decoder step (1:
    plain teacher forcing; 0: always the model's own previous argmax, as at test time)."""
    task: str = "reverse"
    length: int = DEFAULT_OPTIONS["reverse"]["seq_len"]
    teacher_forcing: float = 1.0
    lr: float = 3e-3
    batch_size: int = 64
    seed: int = 0

    def validate(self) -> "Seq2seqSpec":
        """A copy with clean types, or PlaygroundError for the first bad field."""
        task = check_task(self.task)
        low, high = (int(v) for v in option_range(task, "seq_len"))
        length = whole(self.length)
        if length is None or not low <= length <= high:
            raise PlaygroundError("seq2seq_bad_length", value=self.length, low=low, high=high)
        ratio = real(self.teacher_forcing)
        if ratio is None or not 0 <= ratio <= 1:
            raise PlaygroundError("seq2seq_bad_teacher_forcing", value=self.teacher_forcing)
        lr = real(self.lr)
        if lr is None or not 0 < lr <= MAX_LR:
            raise PlaygroundError("seq2seq_bad_lr", value=self.lr, limit=MAX_LR)
        batch = whole(self.batch_size)
        if batch is None or not 1 <= batch <= MAX_BATCH:
            raise PlaygroundError("seq2seq_bad_batch_size", value=self.batch_size, low=1, high=MAX_BATCH)
        seed = whole(self.seed)
        if seed is None or not 0 <= seed <= MAX_SEED:
            raise PlaygroundError("seq2seq_bad_seed", value=self.seed, limit=MAX_SEED)
        return replace(self, task=task, length=length, teacher_forcing=ratio, lr=lr, batch_size=batch, seed=seed)


@dataclass
class Seq2seqHistory:
    """One entry per evaluation point (step 0 first). train_loss: the mean training loss over the steps since the
    previous point (nan at step 0), under the spec's teacher-forcing ratio; the rest are Scores fields on the
    fixed test batch."""
    steps: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    forced_accuracy: list[float] = field(default_factory=list)
    free_accuracy: list[float] = field(default_factory=list)
    forced_sequence_accuracy: list[float] = field(default_factory=list)
    free_sequence_accuracy: list[float] = field(default_factory=list)
    bleu: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


class Seq2seqLab:
    """tiny_seq2seq learning one digit task while it is watched. Deep-copyable and picklable (model, optimizer,
    random generators and history travel together); the same spec and the same step() calls give the same
    history.

    Each step draws a batch (with replacement) and decodes it step by step: at decoder step t >= 1 each example
    is fed its true previous token with probability spec.teacher_forcing, else the model's own previous argmax
    (no gradient flows through that choice). The coin flips have their own generator, so two labs with the same
    seed see the same batches whatever their ratio.
    """

    def __init__(self, spec: Seq2seqSpec):
        self.spec = spec = spec.validate()
        data = load_dataset(spec.task, seed=spec.seed, seq_len=spec.length)
        self.x_train, self.y_train = data.x_train, data.y_train  # (N, L), (N, L + 1)
        self.x_test, self.y_test = data.x_test[:EVAL_SIZE], data.y_test[:EVAL_SIZE]  # (E, L), (E, L + 1)
        vocab = len(TOKEN_VOCAB)
        with torch.random.fork_rng(devices=[]):  # seeded initial weights, the global generator left as it was
            torch.manual_seed(spec.seed)
            self.model = create_model(MODEL, src_vocab=vocab, tgt_vocab=vocab)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=spec.lr)
        self.batch_gen = torch.Generator().manual_seed(2 * spec.seed)  # which examples
        self.coin_gen = torch.Generator().manual_seed(2 * spec.seed + 1)  # true or own token, per example and step
        self.bleu_k = bleu_order(spec.length)
        self.steps = 0
        self.history = Seq2seqHistory()
        self._losses: list[float] = []
        self._record()

    def __getstate__(self) -> dict:
        # the training split is rebuilt from the spec (load_dataset is seeded and cached): copies stay small
        state = dict(self.__dict__)
        del state["x_train"], state["y_train"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        data = load_dataset(self.spec.task, seed=self.spec.seed, seq_len=self.spec.length)
        self.x_train, self.y_train = data.x_train, data.y_train

    def test_pair(self, i: int = 0) -> tuple[list[int], list[int]]:
        """The i-th example of the fixed test batch as (source ids (L,), target ids (L + 1,) with BOS)."""
        i = int(i) % len(self.x_test)
        return self.x_test[i].tolist(), self.y_test[i].tolist()

    def _train_step(self) -> float:
        spec, model = self.spec, self.model
        idx = torch.randint(len(self.x_train), (spec.batch_size,), generator=self.batch_gen)
        src, y = self.x_train[idx], self.y_train[idx]  # (B, L), (B, T + 1)
        target = y[:, 1:]  # (B, T)
        t_len = target.shape[1]
        coins = torch.rand((spec.batch_size, t_len), generator=self.coin_gen) < spec.teacher_forcing  # (B, T)
        model.train()
        state = model.encode(src)
        if spec.teacher_forcing >= 1:  # every input is the true token: one pass over the whole target
            logits, _ = model.decode(y[:, :-1], state)  # (B, T, V)
        else:
            token, outs = y[:, :1], []  # BOS
            for t in range(t_len):
                step_logits, state = model.decode(token, state)  # (B, 1, V)
                outs.append(step_logits)
                own = step_logits[:, -1].argmax(-1, keepdim=True)  # (B, 1), no gradient through the argmax
                token = torch.where(coins[:, t:t + 1], y[:, t + 1:t + 2], own)  # (B, 1): true or own previous
            logits = torch.cat(outs, dim=1)  # (B, T, V)
        loss = masked_cross_entropy(logits, target)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        self.optimizer.step()
        return loss.item()

    def _record(self) -> None:
        s = evaluate_batch(self.model, self.x_test, self.y_test, self.bleu_k)
        h = self.history
        h.steps.append(self.steps)
        h.train_loss.append(float(np.mean(self._losses)) if self._losses else float("nan"))
        self._losses = []
        for name in ("loss", "forced_accuracy", "free_accuracy", "forced_sequence_accuracy",
                     "free_sequence_accuracy", "bleu"):
            getattr(h, name).append(getattr(s, name))

    def step(self, n: int = EVAL_EVERY) -> Seq2seqHistory:
        """Train n steps, evaluating every EVAL_EVERY steps and after the last; returns the history."""
        count = whole(n)
        if count is None or not 1 <= count <= MAX_STEPS:
            raise PlaygroundError("seq2seq_bad_steps", steps=n, limit=MAX_STEPS)
        if self.steps + count > MAX_STEPS:
            raise PlaygroundError("seq2seq_step_limit", done=self.steps, limit=MAX_STEPS)
        for i in range(count):
            self._losses.append(self._train_step())
            self.steps += 1
            if self.steps % EVAL_EVERY == 0 or i == count - 1:
                self._record()
        if not math.isfinite(self.history.train_loss[-1]):
            log.warning("seq2seq lab: training loss is %s at step %d", self.history.train_loss[-1], self.steps)
        return self.history
