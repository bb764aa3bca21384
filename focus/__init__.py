"""FOCUS (FinOps Open Cost and Usage Specification): the column model, reading, validation and export."""
