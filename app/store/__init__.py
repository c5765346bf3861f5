"""What backside reads from and writes to disk: shipped data, pose libraries, routines."""
