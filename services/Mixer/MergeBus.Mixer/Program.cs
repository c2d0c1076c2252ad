// Host wiring arrives with the distributed issue.
return;
