"""Figure functions: plain values in, a new plotly Figure out. No hooks, no global state, no gradio."""
