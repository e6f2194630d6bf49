"""Entry point: `python app.py` (and Hugging Face Spaces) starts the playground.

GRADIO_SERVER_NAME and GRADIO_SERVER_PORT choose where it listens (Gradio reads them itself).
"""
from playground.ui import build_app, launch_options

demo = build_app()

if __name__ == "__main__":
    demo.launch(**launch_options())
