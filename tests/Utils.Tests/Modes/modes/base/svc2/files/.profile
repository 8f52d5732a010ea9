hidden file
