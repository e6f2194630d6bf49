"""Neural-network playground: the core (models, inspection, viz) and the Gradio UI (playground.ui)."""

__version__ = "0.1.0"
