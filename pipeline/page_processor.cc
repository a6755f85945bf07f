#include "pipeline/page_processor.h"

#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "parsers/page_extractor.h"
#include "pipeline/rules_run.h"
#include "pipeline/sweep_journal.h"
#include "storage/database.h"

namespace shouhu::pipeline {
namespace {

evidence::CaptureRecord ToCapture(const crawler::FetchResult& r, std::string metadata_json) {
  evidence::CaptureRecord c;
  c.url = r.final_url.empty() ? r.url : r.final_url;
  c.remote_ip = r.remote_ip;
  c.fetched_at = r.fetched_at;
  c.request_head = r.request_head;
  c.response_head = r.response_head;
  c.body = r.body;
  c.metadata_json = std::move(metadata_json);
  return c;
}

nlohmann::json SellerJson(const SellerInfo& s, const std::optional<std::string>& shop_name) {
  nlohmann::json seller = nlohmann::json::object();
  if (shop_name) seller["shop_name"] = *shop_name;
  if (s.company) seller["company"] = *s.company;
  if (s.address) seller["address"] = *s.address;
  if (s.credit_code) seller["credit_code"] = *s.credit_code;
  if (s.license_no) seller["license_no"] = *s.license_no;
  if (s.region_code) seller["region_code"] = *s.region_code;
  return seller;
}

}  // namespace

ProblemSink StderrProblems(int max_lines) {
  // Shared by every copy of the sink (writer tasks hold copies).
  struct State {
    std::mutex mu;
    int count = 0;
  };
  auto state = std::make_shared<State>();
  return [state, max_lines](const std::string& what) {
    std::lock_guard<std::mutex> lock(state->mu);
    if (++state->count <= max_lines) std::cerr << "shouhu: " << what << "\n";
    if (state->count == max_lines)
      std::cerr << "shouhu: (further problems are counted, not printed)\n";
  };
}

PageProcessor::PageProcessor(Context context) : ctx_(std::move(context)) {
  if (!ctx_.problems) ctx_.problems = StderrProblems();
}

crawler::PageProcessor PageProcessor::AsCallback() {
  return [this](int site, const crawler::FetchResult& r) { return Process(site, r); };
}

void PageProcessor::Problem(const std::string& what) const { ctx_.problems(what); }

void PageProcessor::StoreFetch(const crawler::FetchResult& r) {
  storage::FetchRecord fetch;
  fetch.url = r.url;
  fetch.final_url = r.final_url;
  fetch.http_status = r.http_status;
  fetch.bytes = static_cast<int64_t>(r.body.size());
  fetch.error = r.error.ok() ? "" : r.error.ToString();
  fetch.fetched_at = r.fetched_at;
  fetch.elapsed_ms = r.elapsed_ms;
  fetch.attempts = r.attempts;
  ctx_.writer->Push([fetch, counters = counters_, problems = ctx_.problems,
                     sweep = ctx_.sweep](storage::Database& db) {
    if (Status st = db.StoreFetch(sweep, fetch); !st.ok()) {
      ++counters->storage_errors;
      problems(st.ToString());
    }
  });
}

void PageProcessor::MarkStoredLater(const std::string& frontier_url) {
  ctx_.writer->Push([sweep = ctx_.sweep, frontier_url](storage::Database& db) {
    return SweepJournal::MarkStored(db, sweep, frontier_url);
  });
}

crawler::ProcessOutcome PageProcessor::Process(int site_index, const crawler::FetchResult& r) {
  const parsers::SiteProfile& site = (*ctx_.sites)[static_cast<size_t>(site_index)];
  ++counters_->pages;
  StoreFetch(r);
  if (!r.error.ok() || r.http_status < 200 || r.http_status >= 300) {
    // A shop page that failed for good releases the item pages waiting on it.
    parsers::PageTarget target = parsers::ClassifyUrl(site, r.url);
    if (target.kind == parsers::PageKind::kShop && !target.id.empty())
      ctx_.shops->Publish(site.id, target.id, std::nullopt);
    MarkStoredLater(r.url);
    return {};
  }

  parsers::FetchedPage page;
  page.url = r.final_url.empty() ? r.url : r.final_url;
  page.content_type = r.content_type;
  page.body = r.body;
  page.fetched_at = r.fetched_at;
  auto extracted = parsers::ExtractPage(site, page);
  if (!extracted.ok()) {
    ++counters_->parse_errors;
    Problem(page.url + ": " + extracted.status().ToString());
    MarkStoredLater(r.url);
    return {};
  }
  crawler::ProcessOutcome out;
  out.base_url = extracted->base_url.empty() ? page.url : extracted->base_url;
  out.links = std::move(extracted->links);

  if (extracted->kind == parsers::PageKind::kItem && extracted->listing) {
    // The shop page is where the licence data is: follow the listing's shop
    // link even when the page only names it in script data (the frontier dedupes).
    if (const auto& shop_url = extracted->listing->shop.url; shop_url && !shop_url->empty()) {
      out.links.push_back(*shop_url);
    }
    ProcessItem(site, r, std::move(*extracted->listing));
  } else if (extracted->kind == parsers::PageKind::kShop && extracted->seller) {
    ProcessShop(site, r, page.url, extracted->shop_id, extracted->shop_name, *extracted->seller);
  } else {
    MarkStoredLater(r.url);
  }
  return out;
}

void PageProcessor::ProcessItem(const parsers::SiteProfile& site, const crawler::FetchResult& r,
                                Listing listing) {
  ++counters_->item_pages;
  const std::optional<std::string> shop_id = listing.shop.id;
  // Evaluate and store once the shop's licence data is known (or known to be
  // unavailable): the task owns the listing and the exchange it archives.
  auto finish =
      [ctx = ctx_, counters = counters_, listing = std::move(listing),
       exchange = std::make_shared<const crawler::FetchResult>(r)](const ShopData* shop) mutable {
        if (shop != nullptr) {
          JoinSeller(&listing, *shop);
          ++counters->listings_with_shop;
        }
        const std::string date = JudgeDate(ctx.at_date, exchange->fetched_at);
        rules::Evaluation ev = ctx.engine->Evaluate(listing, date, ctx.rules->context());
        nlohmann::json meta = {{"listing", ListingToJson(listing)},
                               {"product_groups", ev.groups},
                               {"group_evidence", ev.group_evidence},
                               {"group_scores", GroupScoresJson(ev)},
                               {"in_scope", ev.in_scope},
                               {"findings", FindingsToJson(ev.findings)}};
        evidence::CaptureRecord capture = ToCapture(*exchange, meta.dump());
        ctx.writer->Push([capture = std::move(capture), listing = std::move(listing),
                          ev = std::move(ev), counters, problems = ctx.problems, sweep = ctx.sweep,
                          evidence = ctx.evidence,
                          frontier_url = exchange->url](storage::Database& db) {
          auto ref = evidence->WriteCapture(capture);
          if (!ref.ok()) {
            ++counters->storage_errors;
            problems(capture.url + ": " + ref.status().ToString());
            return;
          }
          auto stored = db.StoreListing(sweep, listing, ev.findings, ev.groups, *ref);
          if (!stored.ok()) {
            ++counters->storage_errors;
            problems(capture.url + ": " + stored.status().ToString());
            return;
          }
          if (stored->new_version) ++counters->new_versions;
          // In the listing's transaction: a resumed sweep never loses this page.
          if (Status st = SweepJournal::MarkStored(db, sweep, frontier_url); !st.ok())
            problems(st.ToString());
        });
      };
  if (shop_id && !shop_id->empty()) {
    ctx_.shops->WithShop(site.id, *shop_id, std::move(finish));
  } else {
    finish(nullptr);
  }
}

void PageProcessor::ProcessShop(const parsers::SiteProfile& site, const crawler::FetchResult& r,
                                const std::string& page_url,
                                const std::optional<std::string>& shop_id,
                                const std::optional<std::string>& shop_name,
                                const SellerInfo& seller) {
  ++counters_->shops;
  nlohmann::json seller_json = SellerJson(seller, shop_name);
  storage::ShopRecord shop;
  shop.site = site.id;
  shop.shop_id = shop_id.value_or("");
  shop.name = shop_name.value_or(seller.company.value_or(""));
  shop.url = page_url;
  shop.data_json = seller_json.dump();
  shop.fetched_at = r.fetched_at;
  if (shop_id) ctx_.shops->Publish(site.id, *shop_id, ShopData{seller, page_url, shop_name});
  evidence::CaptureRecord capture = ToCapture(r, nlohmann::json({{"shop", seller_json}}).dump());
  ctx_.writer->Push([capture = std::move(capture), shop = std::move(shop), counters = counters_,
                     problems = ctx_.problems, sweep = ctx_.sweep, evidence = ctx_.evidence,
                     frontier_url = r.url](storage::Database& db) {
    if (auto ref = evidence->WriteCapture(capture); !ref.ok()) {
      ++counters->storage_errors;
      problems(capture.url + ": " + ref.status().ToString());
    }
    if (Status st = db.StoreShop(sweep, shop); !st.ok()) {
      ++counters->storage_errors;
      problems(shop.url + ": " + st.ToString());
      return;
    }
    if (Status st = SweepJournal::MarkStored(db, sweep, frontier_url); !st.ok())
      problems(st.ToString());
  });
}

}  // namespace shouhu::pipeline
