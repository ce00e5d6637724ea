"""社情民意调查: questionnaires for representatives (beside the ballot) and an open
public survey; one answer per person, live aggregation, charts and exports."""
