"""云征集: suggestions in a closed loop — submit, accept, assign, handle, answer, call
back, disclose, select the excellent — and the confidential discipline complaints."""
