"""Reading 云评议 state; one module per sub-domain."""
