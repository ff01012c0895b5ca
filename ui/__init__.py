"""The Gradio chat UI. Thin: it calls qa/ and renders."""
