package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
	"github.com/codebookgen/codebook/internal/spectest"
	"github.com/codebookgen/codebook/internal/testmod"
)

// table, code and entry are what the generated Table, Code and Entry types of
// every provider package offer; the tests are written once against them.
type table interface {
	comparable
	String() string
}

type code interface {
	comparable
	String() string
}

type entry[C code] interface {
	codebook.Row
	String() string
	Code() C
	HasCode() bool
	HTTPStatus() int
	Known() bool
}

// call makes one operation's call with a valid request and returns the typed
// body (a pointer or a slice; nil when none), the Result and the error.
type call[T table, E entry[C], C code] func(ctx context.Context) (any, codebook.Result[T, E, C], error)

// clientConfig is what a test sets on a generated client beyond the canary
// credentials every client carries.
type clientConfig struct {
	base   string
	logger *slog.Logger
	hc     *http.Client
}

// provider is one generated package with its OpenAPI file.
type provider[T table, E entry[C], C code] struct {
	id       string // the provider id of spec/codes.yaml
	specFile string // under spec/openapi
	tables   func() []T
	entries  func(T) []E
	// wire is the JSON value of a code as the provider sends it.
	wire func(C) any
	// unknownCode is a code no table of the provider has.
	unknownCode any
	// envelope: every body is {message, statusCode, code, data} (Click Airtime).
	envelope bool
	// canaries are the credential values the clients are configured with.
	canaries []string
	// client returns the calls of a client configured with cfg and the
	// canary credentials, by operationId.
	client func(t testing.TB, cfg clientConfig) map[string]call[T, E, C]
}

func (p provider[T, E, C]) table(id string) (T, bool) {
	for _, t := range p.tables() {
		if t.String() == id {
			return t, true
		}
	}
	var zero T
	return zero, false
}

func ptr[V any](v V) *V { return &v }

// wrap adapts a generated method's results to a call.
func wrap[B any, T table, E entry[C], C code](f func(ctx context.Context) (B, codebook.Result[T, E, C], error)) call[T, E, C] {
	return func(ctx context.Context) (any, codebook.Result[T, E, C], error) {
		b, r, err := f(ctx)
		return b, r, err
	}
}

var clickatellCanaries = []string{"canary-apikey-123", "canary-bearer-456"}

var clickatellProvider = provider[clickatell.Table, clickatell.Entry, clickatell.Code]{
	id:          "clickatell",
	specFile:    "clickatell-transact.yaml",
	tables:      clickatell.Tables,
	entries:     clickatell.Table.Entries,
	wire:        func(c clickatell.Code) any { return string(c) },
	unknownCode: "9876",
	canaries:    clickatellCanaries,
	client: func(t testing.TB, cfg clientConfig) map[string]call[clickatell.Table, clickatell.Entry, clickatell.Code] {
		t.Helper()
		opts := []clickatell.Option{
			clickatell.WithBaseURL(cfg.base),
			// getToken has a server of its own in the spec (Clickatell's
			// Keycloak), which spectest.NewServer replaced by the test server too.
			clickatell.WithOperationBaseURL("GetToken", cfg.base),
			clickatell.WithAPIKey(codebook.NewSecret(clickatellCanaries[0])),
			clickatell.WithBearerAuth(codebook.NewSecret(clickatellCanaries[1])),
		}
		if cfg.logger != nil {
			opts = append(opts, clickatell.WithLogger(cfg.logger))
		}
		if cfg.hc != nil {
			opts = append(opts, clickatell.WithHTTPClient(cfg.hc))
		}
		c, err := clickatell.NewClient(opts...)
		if err != nil {
			t.Fatal(err)
		}
		return clickatellCalls(c)
	},
}

func clickatellCalls(c *clickatell.Client) map[string]call[clickatell.Table, clickatell.Entry, clickatell.Code] {
	type R = clickatell.Result
	purchase := clickatell.PurchaseFields{
		PurchaseAmount:   25000,
		ChannelID:        2,
		ChannelName:      "Internet",
		ChannelSessionID: "session-1",
		ClientID:         200,
		ClientTxnRef:     "client-ref-1",
		SourceIdentifier: ptr("27821234567"),
		Timestamp:        ptr(time.Date(2016, 6, 29, 16, 39, 42, 735e6, time.UTC)),
	}
	return map[string]call[clickatell.Table, clickatell.Entry, clickatell.Code]{
		"getToken": wrap(func(ctx context.Context) (*clickatell.TokenResponse, R, error) {
			return c.GetToken(ctx, clickatell.TokenRequest{ClientID: 200, ClientSecret: "not-a-canary", GrantType: clickatell.TokenRequestGrantTypeClientCredentials})
		}),
		"reserveAndTransact": wrap(func(ctx context.Context) (*clickatell.TransactionResponse, R, error) {
			return c.ReserveAndTransact(ctx, clickatell.ReserveAndTransactParams{Version: clickatell.ReserveAndTransactVersionV4}, purchase)
		}),
		"transact": wrap(func(ctx context.Context) (*clickatell.TransactionResponse, R, error) {
			return c.Transact(ctx, clickatell.TransactParams{Version: clickatell.ReserveAndTransactVersionV4}, clickatell.TransactRequest{
				PurchaseAmount:     purchase.PurchaseAmount,
				ChannelID:          purchase.ChannelID,
				ChannelName:        purchase.ChannelName,
				ChannelSessionID:   purchase.ChannelSessionID,
				ClientID:           purchase.ClientID,
				ClientTxnRef:       purchase.ClientTxnRef,
				SourceIdentifier:   purchase.SourceIdentifier,
				ReserveFundsTxnRef: "reserve-ref-1",
			})
		}),
		"transactionLookup": wrap(func(ctx context.Context) (*clickatell.TransactionLookupResponse, R, error) {
			return c.TransactionLookup(ctx, clickatell.TransactionLookupParams{ClientID: 200, ClientTransactionReference: ptr("1102972923")})
		}),
		"inFlightTransactionCheck": wrap(func(ctx context.Context) (*clickatell.InFlightCheckResponse, R, error) {
			return c.InFlightTransactionCheck(ctx, clickatell.InFlightCheckRequest{SourceIdentifier: "27821234567", TargetIdentifier: "27821234567", ClientID: 200, ProductID: 12, PurchaseAmount: 25000})
		}),
		"userTransactionLookup": wrap(func(ctx context.Context) ([]clickatell.UserTransaction, R, error) {
			return c.UserTransactionLookup(ctx, clickatell.UserTransactionLookupParams{SourceIdentifier: "27821234567", ClientID: 200})
		}),
		"validateCustomerAccount": wrap(func(ctx context.Context) (*clickatell.CustomerAccountValidationResponse, R, error) {
			return c.ValidateCustomerAccount(ctx, clickatell.CustomerAccountValidationRequest{ProductID: 12, PurchaseAmount: 25000, SourceIdentifier: "27821234567", TargetIdentifier: "1234567890", ClientID: 200, Timestamp: time.Date(2016, 6, 29, 16, 39, 42, 0, time.UTC)})
		}),
		"mnoLookup": wrap(func(ctx context.Context) (*clickatell.MNOLookupResponse, R, error) {
			return c.MNOLookup(ctx, clickatell.MNOLookupParams{ClientID: 200, MSISDN: "27821234567", CountryCallingCode: 27})
		}),
		"countryPrefixLookup": wrap(func(ctx context.Context) ([]clickatell.CountryPrefix, R, error) {
			return c.CountryPrefixLookup(ctx, clickatell.CountryPrefixLookupParams{CountryCode: ptr("ZA")})
		}),
		"tokenLookup": wrap(func(ctx context.Context) ([]clickatell.PurchasedToken, R, error) {
			return c.TokenLookup(ctx, clickatell.TokenLookupParams{SourceIdentifier: "27821234567", ClientID: 200, Limit: ptr(int32(5))})
		}),
		"sendNotification": wrap(func(ctx context.Context) (*clickatell.NotificationResponse, R, error) {
			return c.SendNotification(ctx, clickatell.NotificationRequest{DestinationIdentifier: ptr("27821234567"), ChannelID: ptr(int32(6)), Message: ptr("Your voucher"), ClientID: ptr(int32(200))})
		}),
		"financialTermsLookup": wrap(func(ctx context.Context) (*clickatell.FinancialTermsResponse, R, error) {
			return c.FinancialTermsLookup(ctx, clickatell.FinancialTermsLookupParams{ClientID: 200, ProductID: 12, PurchaseAmount: 25000})
		}),
		"productLookup": wrap(func(ctx context.Context) ([]clickatell.ProductEntry, R, error) {
			return c.ProductLookup(ctx, clickatell.ProductLookupParams{ClientID: 200, IncludeInactive: ptr(false)})
		}),
	}
}

var clickairtimeCanaries = []string{"canary-email-789@example.com", "canary-token-abc"}

var clickairtimeProvider = provider[clickairtime.Table, clickairtime.Entry, clickairtime.Code]{
	id:          "clickairtime",
	specFile:    "clickairtime-v1.yaml",
	tables:      clickairtime.Tables,
	entries:     clickairtime.Table.Entries,
	wire:        func(c clickairtime.Code) any { return int(c) },
	unknownCode: 9876,
	envelope:    true,
	canaries:    clickairtimeCanaries,
	client: func(t testing.TB, cfg clientConfig) map[string]call[clickairtime.Table, clickairtime.Entry, clickairtime.Code] {
		t.Helper()
		opts := []clickairtime.Option{
			clickairtime.WithBaseURL(cfg.base),
			clickairtime.WithClickAirtimeEmail(codebook.NewSecret(clickairtimeCanaries[0])),
			clickairtime.WithClickAirtimeToken(codebook.NewSecret(clickairtimeCanaries[1])),
		}
		if cfg.logger != nil {
			opts = append(opts, clickairtime.WithLogger(cfg.logger))
		}
		if cfg.hc != nil {
			opts = append(opts, clickairtime.WithHTTPClient(cfg.hc))
		}
		c, err := clickairtime.NewClient(opts...)
		if err != nil {
			t.Fatal(err)
		}
		return clickairtimeCalls(c)
	},
}

func clickairtimeCalls(c *clickairtime.Client) map[string]call[clickairtime.Table, clickairtime.Entry, clickairtime.Code] {
	type R = clickairtime.Result
	return map[string]call[clickairtime.Table, clickairtime.Entry, clickairtime.Code]{
		"topUp": wrap(func(ctx context.Context) (*clickairtime.TopUpResponse, R, error) {
			return c.TopUp(ctx, clickairtime.TopUpRequest{MSISDN: "263719545499", Amount: ptr(1.5), ExtRefID: ptr("ext-ref-1")})
		}),
		"getTransactions": wrap(func(ctx context.Context) (*clickairtime.TransactionsResponse, R, error) {
			return c.GetTransactions(ctx, clickairtime.GetTransactionsParams{ExtRefID: ptr("ext-ref-1")})
		}),
		"getBalances": wrap(func(ctx context.Context) (*clickairtime.BalancesResponse, R, error) {
			return c.GetBalances(ctx)
		}),
		"getBalance": wrap(func(ctx context.Context) (*clickairtime.AnyDataResponse, R, error) {
			return c.GetBalance(ctx, clickairtime.GetBalanceParams{AccountID: "account-1"})
		}),
		"getProductCatalog": wrap(func(ctx context.Context) (*clickairtime.ProductCatalogResponse, R, error) {
			return c.GetProductCatalog(ctx)
		}),
		"getProducts": wrap(func(ctx context.Context) (*clickairtime.AnyDataResponse, R, error) {
			return c.GetProducts(ctx, clickairtime.GetProductsParams{ServiceID: ptr(int64(7))})
		}),
		"getProduct": wrap(func(ctx context.Context) (*clickairtime.AnyDataResponse, R, error) {
			return c.GetProduct(ctx, clickairtime.GetProductParams{ID: "product-1"})
		}),
	}
}

// xCodebook is an operation's x-codebook extension (spec/README.md).
type xCodebook struct {
	Provider    string `json:"provider"`
	Table       string `json:"table"`
	Code        string `json:"code"`
	Message     string `json:"message"`
	MoneyMoving bool   `json:"money_moving"`
}

// operation is one operation of a spec with its x-codebook link.
type operation struct {
	id string
	op *openapi3.Operation
	xc xCodebook
}

// specPath returns the path of a file of spec/openapi.
func specPath(t testing.TB, file string) string {
	return filepath.Join(testmod.Root(t), "spec", "openapi", file)
}

// loadDoc loads one of the spec's OpenAPI files afresh (spectest.NewServer changes it).
func loadDoc(t testing.TB, file string) *openapi3.T {
	t.Helper()
	doc, err := spectest.LoadSpec(specPath(t, file))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// operations returns the operations of doc that have x-codebook, by operationId.
func operations(t testing.TB, doc *openapi3.T) []operation {
	t.Helper()
	var ops []operation
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			raw, ok := op.Extensions["x-codebook"]
			if !ok {
				continue
			}
			data, err := json.Marshal(raw)
			if err != nil {
				t.Fatal(err)
			}
			var xc xCodebook
			if err := json.Unmarshal(data, &xc); err != nil {
				t.Fatalf("%s: x-codebook: %v", op.OperationID, err)
			}
			ops = append(ops, operation{id: op.OperationID, op: op, xc: xc})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

// fallbacks returns, for each provider id, the fallback table of each table
// that has one (spec/codes.yaml).
func fallbacks(t testing.TB) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testmod.Root(t), "spec", "codes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Providers []struct {
			ID     string `yaml:"id"`
			Tables []struct {
				ID       string `yaml:"id"`
				Fallback string `yaml:"fallback"`
			} `yaml:"tables"`
		} `yaml:"providers"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, p := range f.Providers {
		out[p.ID] = map[string]string{}
		for _, tb := range p.Tables {
			if tb.Fallback != "" {
				out[p.ID][tb.ID] = tb.Fallback
			}
		}
	}
	return out
}

// declaredStatuses returns the numeric statuses op documents, 200 first.
func declaredStatuses(op *openapi3.Operation) []int {
	var out []int
	for k := range op.Responses.Map() {
		var s int
		if _, err := fmt.Sscanf(k, "%d", &s); err == nil && len(k) == 3 {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}
