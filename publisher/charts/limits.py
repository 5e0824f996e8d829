"""What the charts can show, for the rules that check a guide before anything is drawn."""

MAX_SLICES = 8  # more activities than this and the time split's smallest merge into "Other"
