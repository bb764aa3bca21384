"""`finops krateo convert`: Krateo Composable FinOps resources -> this project's configuration files."""
