"""Loading, chunking, embedding and storing documents. Imports nothing from qa/ or ui/."""
