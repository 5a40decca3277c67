import Vapor

/// Every path Haven serves. Routes are registered from it and every link is built from it, so a view never
/// spells a path by hand and a renamed page cannot leave a dead link behind.
enum SiteURL: Sendable, CaseIterable {
    case home
    case help
    case browseSafely
    case healthz
    case metrics
    case stylesheet
    case quickExitScript
    /// A route that returns a constant string: the framework's ceiling in `bench/http.sh`. Registered only
    /// when `HAVEN_BENCHMARK_ROUTE=1`.
    case benchmarkCeiling

    // Accounts
    case signUp, signIn, signOut
    case verifyEmail, resendVerification
    case forgotPassword, resetPassword
    case account, accountProfile, accountEmail, confirmEmailChange, accountPassword
    case accountExport, accountDelete, accountTokens, revokeAccountToken
    case report
    case moderation, moderationItem, moderationAction
    case admin, adminPeople, adminPersonRole, adminOutbox, adminOutboxMail, adminAudit
    case adminOrganizations, adminOrganization, adminOrganizationStaff, adminOrganizationStaffRemove
    case apiMe, apiDocument

    // Directory
    case directory, directoryService, directoryServiceReport
    case directoryManage, directoryManageNew, directoryManageService, directoryManageVerify, directoryManageResolve
    case hsdsRoot, hsdsServices, hsdsService, hsdsOrganizations, hsdsOrganization, hsdsTaxonomies, hsdsTaxonomy
    case hsdsTaxonomyTerms, hsdsTaxonomyTerm, hsdsServiceAtLocations, hsdsServiceAtLocation

    var path: String {
        switch self {
        case .home: "/"
        case .help: "/help"
        case .browseSafely: "/browse-safely"
        case .healthz: "/healthz"
        case .metrics: "/metrics"
        case .stylesheet: "/css/haven.css"
        case .quickExitScript: "/js/quick-exit.js"
        case .benchmarkCeiling: "/bench/ceiling"
        case .signUp: "/sign-up"
        case .signIn: "/sign-in"
        case .signOut: "/sign-out"
        case .verifyEmail: "/account/verify"
        case .resendVerification: "/account/verify/resend"
        case .forgotPassword: "/password/forgot"
        case .resetPassword: "/password/reset"
        case .account: "/account"
        case .accountProfile: "/account/profile"
        case .accountEmail: "/account/email"
        case .confirmEmailChange: "/account/email/confirm"
        case .accountPassword: "/account/password"
        case .accountExport: "/account/export"
        case .accountDelete: "/account/delete"
        case .accountTokens: "/account/tokens"
        case .revokeAccountToken: "/account/tokens/:id/revoke"
        case .report: "/report"
        case .moderation: "/moderation"
        case .moderationItem: "/moderation/:id"
        case .moderationAction: "/moderation/:id/:action"
        case .admin: "/admin"
        case .adminPeople: "/admin/people"
        case .adminPersonRole: "/admin/people/:id/role"
        case .adminOutbox: "/admin/outbox"
        case .adminOutboxMail: "/admin/outbox/:id"
        case .adminAudit: "/admin/audit"
        case .adminOrganizations: "/admin/organizations"
        case .adminOrganization: "/admin/organizations/:id"
        case .adminOrganizationStaff: "/admin/organizations/:id/staff"
        case .adminOrganizationStaffRemove: "/admin/organizations/:id/staff/:user/remove"
        case .apiMe: "/api/v1/me"
        case .apiDocument: "/api/openapi.json"
        case .directory: "/directory"
        case .directoryService: "/directory/services/:id"
        case .directoryServiceReport: "/directory/services/:id/report"
        case .directoryManage: "/directory/manage"
        case .directoryManageNew: "/directory/manage/services"
        case .directoryManageService: "/directory/manage/services/:id"
        case .directoryManageVerify: "/directory/manage/services/:id/verify"
        case .directoryManageResolve: "/directory/manage/corrections/:id/resolve"
        case .hsdsRoot: "/api/hsds"
        case .hsdsServices: "/api/hsds/services"
        case .hsdsService: "/api/hsds/services/:id"
        case .hsdsOrganizations: "/api/hsds/organizations"
        case .hsdsOrganization: "/api/hsds/organizations/:id"
        case .hsdsTaxonomies: "/api/hsds/taxonomies"
        case .hsdsTaxonomy: "/api/hsds/taxonomies/:id"
        case .hsdsTaxonomyTerms: "/api/hsds/taxonomy_terms"
        case .hsdsTaxonomyTerm: "/api/hsds/taxonomy_terms/:id"
        case .hsdsServiceAtLocations: "/api/hsds/service_at_locations"
        case .hsdsServiceAtLocation: "/api/hsds/service_at_locations/:id"
        }
    }

    /// The path with a query, e.g. `SiteURL.help.path(query: ["country": "GB"])` → `/help?country=GB`.
    func path(query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return path + "?" + (components.percentEncodedQuery ?? "")
    }

    /// The path with its `:name` parameters filled in, e.g. `moderationItem.path(["id": x])`.
    func path(_ parameters: [String: String], query: [(String, String)] = []) -> String {
        let filled = path.split(separator: "/").map { part in
            part.hasPrefix(":") ? (parameters[String(part.dropFirst())] ?? String(part)) : String(part)
        }
        let base =
            "/"
            + filled.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 }
            .joined(separator: "/")
        guard !query.isEmpty else { return base }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return base + "?" + (components.percentEncodedQuery ?? "")
    }

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// Files served from `Public/` rather than by a route.
    var isStaticFile: Bool { self == .stylesheet || self == .quickExitScript }
}
