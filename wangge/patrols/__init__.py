"""Grid workers' patrols (巡查): tracks, check-ins at places, and what they found."""
