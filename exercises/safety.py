"""The warning signs: one list, in our own words, used by every question, page and email that
names them (PRODUCT.md: stop and seek medical advice)."""

WARNING_SIGNS = (
    "sudden or severe back pain",
    "pain that is worse when standing and better lying down",
    "new loss of height, or stooping more",
    "numbness, tingling or weakness",
    "changes in bladder or bowel control",
    "chest pain, breathlessness, dizziness or nausea",
)
EMERGENCY = (
    "Chest pain that does not pass within a few minutes of stopping: call emergency services now."
)
WARNING_SIGNS_QUESTION = "Have you noticed any of these warning signs?"
