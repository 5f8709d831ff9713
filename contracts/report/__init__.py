"""What a contract run reports: console and file output, replay files, redaction."""
