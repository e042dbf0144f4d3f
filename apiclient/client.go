package apiclient

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// Client sends the calls of one generated client. It is safe for concurrent use once New returned it.
type Client struct {
	baseURL    *url.URL
	hc         *http.Client
	noRedirect *http.Client
	userAgent  string
	logger     *slog.Logger
	reqHooks   []func(*http.Request) error
	respHooks  []func(*http.Response) error
	maxBody    int64
	auth       map[string]Auth
	tokens     []*tokenSource
	own        map[string]string   // operations' own server URLs, as the spec names them
	servers    map[string]*url.URL // operations' own servers, resolved
	// extraFields keeps the properties a 2xx body's schema does not name (WithExtraFields).
	extraFields bool
}

// Config is what a generated client fixes before its options apply.
type Config struct {
	// BaseURL is the spec's first server URL; empty or relative leaves the client without one
	// until WithBaseURL sets it.
	BaseURL string
	// MaxResponseBytes bounds the response bodies read; WithMaxResponseBytes changes it.
	MaxResponseBytes int64
	// HTTPClient sends the calls; nil means http.DefaultClient. WithHTTPClient changes it.
	HTTPClient *http.Client
	// Servers holds, by operation (the Client method's name), the URL of the first server of each
	// operation whose spec names servers of its own; a relative one is resolved against the base URL.
	Servers map[string]string
}

// Option configures a Client; the generated packages declare the options of their APIs.
type Option func(*Client) error

// New returns a Client configured by cfg, then opts (a nil one is skipped). Calls of operations that move money never
// follow redirects; other calls follow only those to the same scheme and host, so that no
// credential reaches another host: a redirect elsewhere is the response of the call.
func New(cfg Config, opts ...Option) (*Client, error) {
	c := &Client{
		auth:    map[string]Auth{},
		hc:      cfg.HTTPClient,
		maxBody: cfg.MaxResponseBytes,
		own:     cfg.Servers,
		servers: map[string]*url.URL{},
	}
	if c.hc == nil {
		c.hc = http.DefaultClient
	}
	c.baseURL, _ = parseBase(cfg.BaseURL)
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	c.hc, c.noRedirect = redirectClients(c.hc)
	for op, raw := range c.own {
		if _, set := c.servers[op]; !set {
			c.servers[op] = resolveServer(c.baseURL, raw)
		}
	}
	return c, nil
}

// redirectClients returns copies of hc: one following only same-origin redirects (as hc's own
// CheckRedirect allows), one following none.
func redirectClients(hc *http.Client) (same, none *http.Client) {
	s := *hc
	s.CheckRedirect = sameOrigin(hc.CheckRedirect)
	n := s
	n.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	return &s, &n
}

// parseBase checks that raw is an absolute http or https URL and drops its query and fragment.
func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("base URL must be an absolute http or https URL")
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// sameOrigin returns the CheckRedirect of the client: a redirect to another scheme, host or port
// is not followed (the 3xx response is the call's), since net/http would send it every credential
// header but Authorization and Cookie; others are left to next, or, when next is nil, followed up
// to 10 times as net/http does.
func sameOrigin(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && (req.URL.Scheme != via[0].URL.Scheme || !strings.EqualFold(req.URL.Host, via[0].URL.Host)) {
			return http.ErrUseLastResponse
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// WithBaseURL sets the URL operation paths are appended to, such as "https://api.example.com/v1".
func WithBaseURL(raw string) Option {
	return func(c *Client) error {
		u, err := parseBase(raw)
		if err != nil {
			return err
		}
		c.baseURL = u
		return nil
	}
}

// WithHTTPClient sets the http.Client making the calls.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("nil http.Client")
		}
		c.hc = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		c.userAgent = ua
		return nil
	}
}

// WithRequestHook adds a function called with every request just before it is sent, after
// credentials are applied. An error from it stops the call.
func WithRequestHook(h func(*http.Request) error) Option {
	return func(c *Client) error {
		c.reqHooks = append(c.reqHooks, h)
		return nil
	}
}

// WithResponseHook adds a function called with every response before its body is read. An error
// from it stops the call.
func WithResponseHook(h func(*http.Response) error) Option {
	return func(c *Client) error {
		c.respHooks = append(c.respHooks, h)
		return nil
	}
}

// WithLogger makes the client log one debug record per call: operation, method, path template,
// status and duration. Credentials, query strings, headers and bodies are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		c.logger = l
		return nil
	}
}

// WithMaxResponseBytes bounds the response bodies the client reads (after any decompression); a
// larger body fails the call, having cost at most n bytes and one.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) error {
		if n <= 0 {
			return errors.New("max response bytes must be positive")
		}
		c.maxBody = n
		return nil
	}
}

// WithOperationBaseURL sets the URL the path of operation (a Client method name) is appended to,
// in place of the server its spec names. Only the operations with servers of their own take one.
func WithOperationBaseURL(operation, raw string) Option {
	return func(c *Client) error {
		if _, ok := c.own[operation]; !ok {
			return fmt.Errorf("operation %q has no server of its own: use WithBaseURL", operation)
		}
		u, err := parseBase(raw)
		if err != nil {
			return err
		}
		c.servers[operation] = u
		return nil
	}
}

// resolveServer resolves an operation's server URL against the base URL (a relative one is
// relative to it); nil when that gives no absolute http or https URL.
func resolveServer(base *url.URL, raw string) *url.URL {
	ref, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	if base != nil {
		ref = base.ResolveReference(ref)
	}
	u, err := parseBase(ref.String())
	if err != nil {
		return nil
	}
	return u
}
