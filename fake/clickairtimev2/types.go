package clickairtimev2

import (
	"time"

	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// topupBody is what the fake reads of POST /v2/topups.
type topupBody struct {
	PhoneNumber string         `json:"phone_number"`
	NetworkID   *int64         `json:"network_id"`
	Amount      *money         `json:"amount"`
	ProductID   string         `json:"product_id"`
	Reference   string         `json:"reference"`
	CallbackURL string         `json:"callback_url"`
	Metadata    map[string]any `json:"metadata"`
}

type money struct {
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`
}

type network struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Country     string `json:"country"`
	CountryCode string `json:"country_code"`
}

type smsInfo struct {
	Enabled bool    `json:"enabled"`
	Message *string `json:"message"`
}

// topup is the V2 top-up object: the data of POST /v2/topups and GET
// /v2/topups/{id}, an item of GET /v2/topups, and a webhook's body.
type topup struct {
	ID                string         `json:"id"`
	Status            string         `json:"status"`
	PhoneNumber       string         `json:"phone_number"`
	Network           network        `json:"network"`
	Amount            money          `json:"amount"`
	Cost              money          `json:"cost"`
	ProductID         *string        `json:"product_id"`
	ProductName       *string        `json:"product_name"`
	SMS               smsInfo        `json:"sms"`
	Reference         *string        `json:"reference"`
	ProviderReference *string        `json:"provider_reference"`
	FailureReason     *string        `json:"failure_reason"`
	Metadata          map[string]any `json:"metadata"`
	CreatedAt         string         `json:"created_at"`
	CompletedAt       *string        `json:"completed_at"`
}

// topup is the API's view of r now.
func (s *Server) topup(r ledger.Record[txData]) topup {
	d := r.Data
	t := topup{
		ID: d.id, Status: statusOf(r), PhoneNumber: d.phone,
		Network:   network{ID: d.networkID, Name: "MTN Ghana", Country: "Ghana", CountryCode: "GH"},
		Amount:    money{Value: d.value, Currency: DefaultCurrency},
		Cost:      money{Value: r.Amount, Currency: "USD"},
		Metadata:  d.metadata,
		CreatedAt: stamp(r.Created),
	}
	if d.productID != "" {
		name := "Bundle " + d.productID
		t.ProductID, t.ProductName = &d.productID, &name
	}
	if d.reference != "" {
		t.Reference = &d.reference
	}
	if r.State != StatePending {
		done := stamp(r.Settled)
		t.CompletedAt = &done
	}
	if r.State == StateSuccess {
		pr := "DT-" + d.id[:8]
		t.ProviderReference = &pr
	}
	if r.State == StateFailed {
		t.FailureReason = &d.reason
	}
	return t
}

// stamp writes t as the docs' examples do.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type amount struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

type wallet struct {
	ID               string   `json:"id"`
	Currency         string   `json:"currency"`
	Balance          float64  `json:"balance"`
	Type             string   `json:"type"`
	Status           string   `json:"status"`
	AllowedCountries []string `json:"allowed_countries"`
}

type balanceData struct {
	AvailableBalance amount   `json:"available_balance"`
	Wallets          []wallet `json:"wallets"`
}
