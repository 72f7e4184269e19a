"""客服绩效工作台 / customer-service workstation for online shops."""

__version__ = "0.1.0"
