//! The account as the officer reviews it: budget against actual per item and year, the
//! version's certification and documents, the review, and the settlement approving would
//! make.

use super::*;

/// One line of budget against actual in the review: budget and actual per item and
/// year, whether it deviates beyond the tolerance, and the ineligible amount found.
#[derive(Clone, Debug, Serialize)]
pub struct FigureLine {
    pub item: CostItem,
    pub year: i32,
    pub budget_ore: i64,
    pub actual_ore: i64,
    pub deviates: bool,
    pub comment: String,
    pub ineligible_ore: i64,
    pub ineligible_reason: String,
}

/// The account as the officer reviews it.
#[derive(Clone, Debug)]
pub struct ReviewDetail {
    pub key: AccountKey,
    pub account: AccountRow,
    pub pool: PoolRow,
    pub municipality: String,
    pub full: Full,
    /// The newest submitted version and its documents.
    pub version: Option<VersionRow>,
    pub documents: Vec<acc_rows::DocumentLinkRow>,
    pub lines: Vec<FigureLine>,
    pub tolerance_bp: u32,
    pub paid_ore: i64,
    pub review: Option<ReviewRow>,
    pub review_lines: Vec<rows::ReviewLineRow>,
    /// The settlement approving would make now (final account under review).
    pub preview: Option<Settlement>,
    pub preview_input: Option<SettlementInput>,
    pub settlement: Option<SettlementRow>,
    pub claim: Option<ClaimRow>,
    pub deadline_moves: Vec<DeadlineMove>,
    pub certification: Msg,
    /// The commitment's rates as they stand (paid, kept, cut, cancelled).
    pub rates: Vec<rows::RateState>,
}

impl ReviewDetail {
    pub fn budget_total(&self) -> i64 {
        self.lines.iter().map(|l| l.budget_ore).sum()
    }
    pub fn actual_total(&self) -> i64 {
        self.lines.iter().map(|l| l.actual_ore).sum()
    }
    pub fn ineligible_total(&self) -> i64 {
        self.lines.iter().map(|l| l.ineligible_ore).sum()
    }
}

/// The read cache's key of `review` (it does not depend on the time).
pub fn review_key(key: AccountKey) -> String {
    format!(
        "account-review/{}/{}/{}",
        key.pool_id,
        key.code,
        key.kind.as_str()
    )
}

/// Reads the account for its review page.
pub fn review(c: &mut DbConn, key: AccountKey) -> AppResult<ReviewDetail> {
    let account = account_of(c, key)?;
    let full = com_rows::get(c, account.commitment_id)?.ok_or(AppError::NotFound)?;
    let (pool, municipality) = pool_and_town(c, &full)?;
    // The newest submitted version: a draft after a sending back is the municipality's.
    let version = rows::latest_submitted(c, account.id)?;
    let review = match &version {
        Some(v) => rows::review_of_version(c, v.id)?,
        None => None,
    };
    let review_lines = match &review {
        Some(r) => rows::review_lines(c, r.id)?,
        None => Vec::new(),
    };
    let documents = match &version {
        Some(v) => acc_rows::documents_of(c, v.id)?,
        None => Vec::new(),
    };
    let actual = match &version {
        Some(v) => acc_rows::lines_of(c, v.id)?,
        None => Vec::new(),
    };
    let settings = acc_rows::settings_of(c, pool.id)?
        .ok_or_else(|| AppError::internal("pool without account settings"))?;
    let tolerance = accounts::Tolerance::from_basis_points(i64::from(settings.tolerance_bp))
        .unwrap_or(accounts::Tolerance::DEFAULT);
    let mut cells: BTreeMap<(CostItem, i32), FigureLine> = BTreeMap::new();
    let years = account.first_year..=account.last_year;
    for b in app_rows::version_lines(c, full.commitment.version_id)? {
        let Some(item) = CostItem::parse(&b.cost_item) else {
            continue;
        };
        if !years.contains(&b.year) {
            continue;
        }
        cells
            .entry((item, b.year))
            .or_insert_with(|| blank(item, b.year))
            .budget_ore += b.amount_ore;
    }
    for a in &actual {
        let Some(item) = CostItem::parse(&a.cost_item) else {
            continue;
        };
        let cell = cells
            .entry((item, a.year))
            .or_insert_with(|| blank(item, a.year));
        cell.actual_ore = a.actual_ore;
        cell.comment = a.comment.clone();
    }
    for l in &review_lines {
        if let Some(cell) = CostItem::parse(&l.cost_item).and_then(|i| cells.get_mut(&(i, l.year)))
        {
            cell.ineligible_ore = l.ineligible_ore;
            cell.ineligible_reason = l.reason.clone();
        }
    }
    for cell in cells.values_mut() {
        cell.deviates = accounts::deviates(ore(cell.budget_ore), ore(cell.actual_ore), tolerance);
    }
    let paid_ore = full
        .rates
        .iter()
        .filter(|r| r.status == RateStatus::Paid)
        .map(|r| r.amount_ore)
        .sum();
    let (preview_input, preview) = match (&review, account.kind, account.status) {
        (Some(r), AccountKind::Final, AccountStatus::InReview) => {
            let input = settlement_input(c, &full, r)?;
            let s = accounts::settle(&input).ok();
            (Some(input), s)
        }
        _ => (None, None),
    };
    let settlement = rows::settlement_of(c, account.id)?;
    let claim = rows::claim_of(c, account.id)?;
    let deadline_moves = deadline_moves(c, account.id)?;
    let certification = crate::app::accounts::certification_msg(&account);
    let rates = rows::rate_states(c, full.commitment.id)?;
    Ok(ReviewDetail {
        rates,
        key,
        account,
        pool,
        municipality,
        full,
        version,
        documents,
        lines: cells.into_values().collect(),
        tolerance_bp: tolerance.basis_points(),
        paid_ore,
        review,
        review_lines,
        preview,
        preview_input,
        settlement,
        claim,
        deadline_moves,
        certification,
    })
}

fn blank(item: CostItem, year: i32) -> FigureLine {
    FigureLine {
        item,
        year,
        budget_ore: 0,
        actual_ore: 0,
        deviates: false,
        comment: String::new(),
        ineligible_ore: 0,
        ineligible_reason: String::new(),
    }
}
