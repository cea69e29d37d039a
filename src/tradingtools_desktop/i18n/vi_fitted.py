"""Vietnamese for the track record's walk-forward fitted supervisor."""

VI_FITTED = {
    "Supervisor, weights fitted on earlier windows":
        "Tổng hợp, trọng số ước lượng trên các kỳ trước",
}
