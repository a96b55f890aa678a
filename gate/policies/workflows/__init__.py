"""WF: the workflows audited by zizmor and actionlint."""
