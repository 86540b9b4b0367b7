"""Demo data: a deterministic, realistic data set for the embedded profile (`tradelane seed-demo`)."""
