package apiclient

import "io"

// readBody reads r to its end, at most limit+1 bytes, into chunks of a size doubling from 512 bytes
// (or hint+1, hint being the Content-Length, -1 when unknown) up to 1 MiB, never copied while
// reading: a body costs its own size, a hostile one (a gzip body that inflates to gigabytes)
// limit+1 bytes at most. A body that fits and took several chunks is joined into one slice at the
// end. over reports a body longer than limit; body then holds its first chunk, at most limit bytes.
func readBody(r io.Reader, limit, hint int64) (body []byte, over bool, err error) {
	size := int64(512)
	if hint >= 0 && hint < limit {
		size = hint + 1
	}
	var first [1][]byte // most bodies take one chunk: no slice of chunks to allocate
	chunks := first[:0]
	total := int64(0)
	for total <= limit && err == nil {
		chunk := make([]byte, min(size, limit+1-total))
		var n int
		n, err = fill(r, chunk)
		chunks, total = append(chunks, chunk[:n]), total+int64(n)
		size = min(2*size, 1<<20)
	}
	if err == io.EOF {
		err = nil
	}
	if total > limit {
		return chunks[0][:min(int64(len(chunks[0])), limit)], true, err
	}
	return join(chunks, total), false, err
}

// join returns the chunks as one slice of total bytes; one chunk is returned as it is.
func join(chunks [][]byte, total int64) []byte {
	if len(chunks) == 1 {
		return chunks[0]
	}
	body := make([]byte, 0, total)
	for _, c := range chunks {
		body = append(body, c...)
	}
	return body
}

// fill reads from r until chunk is full, r ends or fails; err is io.EOF at the end of r.
func fill(r io.Reader, chunk []byte) (n int, err error) {
	for n < len(chunk) && err == nil {
		var m int
		m, err = r.Read(chunk[n:])
		n += m
	}
	return n, err
}
