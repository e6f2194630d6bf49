"""Entry point: `python app.py` (and Hugging Face Spaces) starts the playground.

GRADIO_SERVER_NAME and GRADIO_SERVER_PORT choose where it listens (Gradio reads them itself). The app works
offline, so Gradio's analytics (a network version check) are off unless GRADIO_ANALYTICS_ENABLED says otherwise.
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import playground.ui.zerogpu  # noqa: E402,F401 - on a ZeroGPU Space, `spaces` must come before CUDA is touched
from playground.core import config  # noqa: E402
from playground.ui import build_app, launch_options  # noqa: E402

if config.TORCH_THREADS:  # PLAYGROUND_TORCH_THREADS: threads per PyTorch operation in this server
    import torch
    torch.set_num_threads(config.TORCH_THREADS)

demo = build_app()

if __name__ == "__main__":
    demo.launch(**launch_options())
