"""Forms of 代表遴选, by sub-domain (intake: sign-up and imports, with the candidate
spreadsheet's checks in candidate_sheet; reviews: 资格审查 decisions)."""
