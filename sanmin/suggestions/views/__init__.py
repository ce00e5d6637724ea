"""Pages of 云征集, one module per area; each module has its own `urlpatterns`."""
