module deepthought/goapid

go 1.19
