"""Pages of 社情民意调查, one module per area; each module has its own `urlpatterns`."""
