"""PIN: dependencies, actions, images and hooks pinned to exact versions or digests."""
