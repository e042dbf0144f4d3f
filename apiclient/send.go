package apiclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/transport"
)

// Response is a response read in full, or as much of it as arrived.
type Response struct {
	// Status is the HTTP status; 0 when no response arrived.
	Status int
	// Header holds the response headers.
	Header http.Header
	// Body is the body read, at most the client's limit.
	Body []byte
}

// Send sends call once, with one exception: when the API refused a cached OAuth2 token with 401,
// the token is dropped, so that the next call fetches a new one, and a call safe to repeat (a GET or
// HEAD without a body that moves no money) is sent once more, at once. Any other call, such as one
// that moves money, is never sent again here: its 401 is its result.
//
// When the request never left (it could not be built or given its credentials, a request hook
// refused it, or the context was done, each recorded with engine.NoteUnsent for the engine's wire
// probe; or engine.NotSent recognises the transport's error, a hint the engine does not trust), the
// response is nil; otherwise it holds what arrived, even next to an error: status 0 when no response
// did, the part of the body read when the body was cut short or too large.
func (c *Client) Send(ctx context.Context, call *Call) (*Response, error) {
	r, rejected, err := c.attempt(ctx, call)
	if rejected && call.repeatable() {
		r, _, err = c.attempt(ctx, call)
	}
	return r, err
}

// repeatable reports whether call may be sent again as it is: a GET or HEAD without a body, of an
// operation that moves no money.
func (call *Call) repeatable() bool {
	return call.body == nil && !call.NoRedirect && (call.Method == http.MethodGet || call.Method == http.MethodHead)
}

// attempt makes the request of call and reads the response, bounded by the client's limit;
// rejected reports that the API answered 401 to a cached token, now dropped.
func (c *Client) attempt(ctx context.Context, call *Call) (*Response, bool, error) {
	req, hc, err := c.prepare(ctx, call)
	if err != nil {
		engine.NoteUnsent(ctx)
		return nil, false, fmt.Errorf("%s: %w", call.Op, err)
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		r, err := c.transportError(ctx, call, err)
		return r, false, err
	}
	defer resp.Body.Close()
	c.log(ctx, call, resp.StatusCode, time.Since(start))
	rejected := resp.StatusCode == http.StatusUnauthorized && c.rejectTokens(req)
	r, err := c.read(call, resp)
	return r, rejected, err
}

// prepare builds the request of call and picks the http.Client that sends it; an error means that
// the request cannot leave: it could not be built or given its credentials, a hook refused it, or
// the context is already done.
func (c *Client) prepare(ctx context.Context, call *Call) (*http.Request, *http.Client, error) {
	if call.err != nil {
		return nil, nil, call.err
	}
	req, err := c.newRequest(ctx, call)
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if call.NoRedirect {
		return req, c.noRedirect, nil
	}
	return req, c.hc, nil
}

// base returns the URL the path of call is appended to: the operation's own server, if the spec
// names one, else the client's base URL.
func (c *Client) base(call *Call) (*url.URL, error) {
	if u, own := c.servers[call.Op]; own {
		if u == nil {
			return nil, errors.New("the operation's server URL is no absolute http or https URL: use WithOperationBaseURL")
		}
		return u, nil
	}
	if c.baseURL == nil {
		return nil, errors.New("no base URL: use WithBaseURL")
	}
	return c.baseURL, nil
}

// newRequest builds the request of call: URL, headers, credentials, hooks. A request of a
// money-moving context (transport.WithMoneyMoving) has no GetBody: no layer below may resend it.
func (c *Client) newRequest(ctx context.Context, call *Call) (*http.Request, error) {
	base, err := c.base(call)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, call.Method, base.String(), call.body)
	if err != nil {
		return nil, err
	}
	req.URL = joinURL(base, call.Path, call.Query)
	c.setHeaders(req, call)
	if err := c.authorize(ctx, req, call.Security); err != nil {
		return nil, err
	}
	for _, h := range c.reqHooks {
		if err := h(req); err != nil {
			return nil, err
		}
	}
	if transport.IsMoneyMoving(ctx) {
		// Sent once: no layer below the engine may rewind and resend a charge.
		req.GetBody = nil
	}
	return req, nil
}

// joinURL appends an escaped path and a query to the base URL.
func joinURL(base *url.URL, path string, q url.Values) *url.URL {
	u := *base
	u.RawPath = strings.TrimSuffix(base.EscapedPath(), "/") + path
	u.Path, _ = url.PathUnescape(u.RawPath)
	u.RawQuery = q.Encode()
	return &u
}

// setHeaders copies the call's headers and cookies onto req.
func (c *Client) setHeaders(req *http.Request, call *Call) {
	for k, vs := range call.Header {
		req.Header[k] = vs
	}
	for _, ck := range call.Cookies {
		req.AddCookie(ck)
	}
	if call.ctype != "" {
		req.Header.Set("Content-Type", call.ctype)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
}

// read runs the response hooks and reads the body, failing when it exceeds the limit. On failure
// the response holds the status, the headers and the start of the part of the body read (at most
// the limit).
func (c *Client) read(call *Call, resp *http.Response) (*Response, error) {
	for _, h := range c.respHooks {
		if err := h(resp); err != nil {
			return &Response{Header: resp.Header, Status: resp.StatusCode}, fmt.Errorf("%s: %w", call.Op, err)
		}
	}
	body, over, err := readBody(resp.Body, c.maxBody, resp.ContentLength)
	r := &Response{Body: body, Header: resp.Header, Status: resp.StatusCode}
	if err != nil {
		return r, fmt.Errorf("%s: read response: %w", call.Op, err)
	}
	if over {
		return r, fmt.Errorf("%s: %w: more than %d bytes: raise the limit with WithMaxResponseBytes if the API's answers are that large", call.Op, codebook.ErrBodyTooLarge, c.maxBody)
	}
	return r, nil
}

// transportError wraps a failure to get a response, replacing the URL in it by the path template
// so that no query string (where an API key may travel) reaches logs. The response returned is
// empty (the request may have left), or nil when engine.NotSent says it did not: a hint for the
// caller; the engine decides from its wire probe, not from the error.
func (c *Client) transportError(ctx context.Context, call *Call, err error) (*Response, error) {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = call.PathTemplate
	}
	c.log(ctx, call, 0, 0)
	err = fmt.Errorf("%s: %w", call.Op, err)
	if engine.NotSent(err) {
		return nil, err
	}
	return &Response{}, err
}

// log records one call at debug level; status 0 means no response.
func (c *Client) log(ctx context.Context, call *Call, status int, d time.Duration) {
	if c.logger == nil {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "http call", slog.String("operation", call.Op), slog.String("method", call.Method),
		slog.String("path", call.PathTemplate), slog.Int("status", status), slog.Duration("duration", d))
}
